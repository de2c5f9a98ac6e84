//! Every operation's request type, one module per area. Each request implements
//! [`Operation`](crate::operation::Operation) by one call into the session; the access and needs
//! checks have already run by then ([`Session::call`](crate::Session::call)).

mod ca;
mod data;
mod drills;
mod evidence;
mod journal;
mod people;
mod playbook;
mod records;
mod runs;
mod signature;
mod team;
mod topology;
mod workspace;

pub use ca::*;
pub use data::*;
pub use drills::*;
pub use evidence::*;
pub use journal::*;
pub use people::*;
pub use playbook::*;
pub use records::*;
pub use runs::*;
pub use signature::*;
pub use team::*;
pub use topology::*;
pub use workspace::*;

/// Declares a request struct (camelCase on the wire, its TypeScript twin generated) and its
/// [`Operation`](crate::operation::Operation) implementation in one place.
macro_rules! operation {
    (
        $(#[doc = $doc:literal])+
        $name:literal, $access:ident, $needs:ident,
        $request:ident { $($(#[$field_meta:meta])* $field:ident : $type:ty),* $(,)? }
        -> $response:ty,
        |$this:ident, $host:ident| $body:expr
    ) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[serde(rename_all = "camelCase")]
        pub struct $request {
            $($(#[$field_meta])* pub $field: $type,)*
        }

        impl $crate::operation::Operation for $request {
            const NAME: &'static str = $name;
            const DOC: &'static str = concat!($($doc),+);
            const ACCESS: $crate::operation::Access = $crate::operation::Access::$access;
            const NEEDS: $crate::operation::Needs = $crate::operation::Needs::$needs;
            type Response = $response;
            fn run(
                self,
                $host: &$crate::Host<'_>,
            ) -> Result<Self::Response, $crate::ApiError> {
                let $this = self;
                $body
            }
        }
    };
}
pub(crate) use operation;
