//! Typed ids: each names one item of one list of a loaded workspace (a term
//! of the vocabulary, a red line of the rules, a clause of a plan, ...).
//!
//! An id is a position in one list, with the list's type attached, so that a
//! red line's id can never be passed where a clause's is wanted. Ids come
//! from lookups and iterators (`Vocabulary::lookup`, `Rules::red_line_ids`,
//! ...); `from_index` makes one from a position, as an arena's raw index
//! does (la_arena's `Idx::from_raw`). An id belongs to the workspace (or
//! plan) whose list it indexes: the getters panic on an id from elsewhere
//! that is out of range, as indexing a slice would.

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The id of the item at position `index` of its list.
            pub fn from_index(index: usize) -> $name {
                $name(u32::try_from(index).unwrap_or(u32::MAX))
            }

            /// The item's position in the list the id indexes.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// A term of the vocabulary ([`super::Vocabulary::terms`]).
    TermId;
    /// A party or bloc ([`super::Rules::parties`]).
    PartyId;
    /// A red line ([`super::Rules::red_lines`]).
    RedLineId;
    /// A constraint between terms ([`super::Rules::constraints`]).
    ConstraintId;
    /// A source document ([`super::Rules::sources`]).
    SourceId;
    /// A clause of one plan ([`super::Plan::clauses`]).
    ClauseId;
}

/// The item an id names. Ids are made by this crate as positions in the
/// very list they index, and loaded lists never shrink, so the position is
/// in range for the workspace that made the id (the one audited index).
#[allow(clippy::indexing_slicing)]
pub(crate) fn item<T>(items: &[T], index: usize) -> &T {
    &items[index]
}
