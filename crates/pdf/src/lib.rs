//! PDF syntax that both the record writer (`vakt-record`) and the signer (`vakt-signature`)
//! need, on `lopdf`'s object model: text strings in both directions, dates in the `D:` form, and
//! objects written out by hand for an incremental update.
//!
//! ```
//! use vakt_pdf::{text_of, text_string, write_object};
//!
//! let name = text_string("Ingrid Sæther");
//! let mut out = Vec::new();
//! write_object(&mut out, &name);
//! assert!(out.starts_with(b"<FEFF0049"));
//! let lopdf::Object::String(bytes, _) = &name else { unreachable!() };
//! assert_eq!(text_of(bytes), "Ingrid Sæther");
//! ```
//!
//! It knows nothing of records or signatures, and does no IO.
#![deny(missing_docs)]

mod text;
mod write;

pub use text::{date, text_of, text_string};
pub use write::write_object;
