//! A list that refuses, while it is being read, to grow past a limit: a model file cannot
//! make the reader allocate millions of rows before validation sees them.

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde::{Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// What a bounded list holds: its limit and how the refusal names it.
pub trait Limit {
    /// The most elements.
    const MAX: usize;
    /// The refusal, e.g. "more than 1024 rows or values (at most 1024 units a layer)".
    const REFUSAL: &'static str;
}

/// A `Vec<T>` of at most `L::MAX` elements when deserialized.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bounded<T, L>(pub Vec<T>, pub PhantomData<L>);

impl<T, L> Bounded<T, L> {
    /// Wraps a list (for writing).
    pub fn of(items: Vec<T>) -> Self {
        Self(items, PhantomData)
    }
}

impl<T: Serialize, L> Serialize for Bounded<T, L> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

struct BoundedVisitor<T, L>(PhantomData<(T, L)>);

impl<'de, T: Deserialize<'de>, L: Limit> Visitor<'de> for BoundedVisitor<T, L> {
    type Value = Bounded<T, L>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a list of at most {} values", L::MAX)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(L::MAX));
        while let Some(item) = seq.next_element()? {
            if items.len() == L::MAX {
                return Err(serde::de::Error::custom(L::REFUSAL));
            }
            items.push(item);
        }
        Ok(Bounded::of(items))
    }
}

impl<'de, T: Deserialize<'de>, L: Limit> Deserialize<'de> for Bounded<T, L> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(BoundedVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Three;
    impl Limit for Three {
        const MAX: usize = 3;
        const REFUSAL: &'static str = "more than 3";
    }

    #[test]
    fn refuses_past_the_limit() {
        let ok: Bounded<u8, Three> = serde_json::from_str("[1,2,3]").expect("fits");
        assert_eq!(ok.0, vec![1, 2, 3]);
        let e = serde_json::from_str::<Bounded<u8, Three>>("[1,2,3,4]").expect_err("too long");
        assert!(e.to_string().starts_with("more than 3"), "{e}");
    }
}
