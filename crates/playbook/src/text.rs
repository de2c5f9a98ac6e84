//! Text in several languages.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// A text given in one or more languages, keyed by language code (`en`, `nl`, …). English is
/// always present in a loaded definition.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// The text in `lang`, else in English, else in any language given.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }

    /// An English-and-Dutch text.
    pub fn en_nl(en: &str, nl: &str) -> Self {
        Text(BTreeMap::from([
            ("en".to_string(), en.to_string()),
            ("nl".to_string(), nl.to_string()),
        ]))
    }
}

/// Whether `code` looks like a language code: two or three lowercase ASCII letters.
pub(crate) fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A text in several languages, keyed by language code; English (`en`) is required.",
            "type": "object",
            "properties": {
                "en": { "type": "string", "minLength": 1, "description": "English" },
                "nl": { "type": "string", "minLength": 1, "description": "Dutch" }
            },
            "required": ["en"],
            "propertyNames": { "pattern": "^[a-z]{2,3}$" },
            "additionalProperties": { "type": "string", "minLength": 1 }
        })
    }
}
