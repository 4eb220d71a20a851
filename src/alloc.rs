//! The binary's allocator: mimalloc, asked the way C's `malloc` is.
//!
//! The `mimalloc` crate's allocator passes every request to
//! `mi_malloc_aligned`, which checks the alignment and looks for a block
//! that happens to be aligned before it takes the path `mi_malloc` takes
//! directly. Nearly every request of this program asks for an alignment
//! that `mi_malloc` gives anyway (at most 16 bytes, and at most the size:
//! mimalloc aligns each block of up to 16 bytes to its size, and larger
//! ones to 16), so those go to `mi_malloc`, `mi_zalloc` and `mi_realloc`,
//! as Rust's own `System` allocator does with `malloc`; the rest to the
//! aligned calls. Loading the 5,000-term generated workspace allocates
//! about 300,000 times (docs/performance.md, "Loading near the limit").

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The alignment `mi_malloc` gives every block at least as large as it
/// (mimalloc's `MI_MAX_ALIGN_SIZE`, `max_align_t` on the platforms built for).
const NATURAL: usize = 16;

pub struct MiMalloc;

/// Whether a plain `mi_malloc` of `size` bytes is aligned to `align`.
#[inline]
fn natural(align: usize, size: usize) -> bool {
    align <= NATURAL && align <= size
}

// SAFETY: every path returns mimalloc's blocks, freed by `mi_free` (which
// takes blocks from the plain and the aligned calls alike); a block meets
// `layout`'s alignment either by `natural` (mimalloc's guarantee for plain
// calls) or by asking for it.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if natural(layout.align(), layout.size()) {
                mi::mi_malloc(layout.size()) as *mut u8
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if natural(layout.align(), layout.size()) {
                mi::mi_zalloc(layout.size()) as *mut u8
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe {
            if natural(layout.align(), new_size) {
                mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}
