//! A list that refuses, while it is being read, to grow past a limit: a model file cannot
//! make the reader allocate millions of rows before validation sees them.

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde::{Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// A `Vec<T>` of at most `MAX` elements when deserialized.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bounded<T, const MAX: usize>(pub Vec<T>);

impl<T: Serialize, const MAX: usize> Serialize for Bounded<T, MAX> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

struct BoundedVisitor<T, const MAX: usize>(PhantomData<T>);

impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for BoundedVisitor<T, MAX> {
    type Value = Bounded<T, MAX>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a list of at most {MAX} values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX));
        while let Some(item) = seq.next_element()? {
            if items.len() == MAX {
                return Err(serde::de::Error::custom(format!(
                    "a list longer than the limit of {MAX}"
                )));
            }
            items.push(item);
        }
        Ok(Bounded(items))
    }
}

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for Bounded<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(BoundedVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_limit() {
        let ok: Bounded<u8, 3> = serde_json::from_str("[1,2,3]").expect("fits");
        assert_eq!(ok.0, vec![1, 2, 3]);
        let e = serde_json::from_str::<Bounded<u8, 3>>("[1,2,3,4]").expect_err("too long");
        assert!(e.to_string().contains("limit of 3"), "{e}");
    }
}
