//! Writes the demo records (unsigned) into a folder: `cargo run -p vakt-record --example demo_records -- DIR`.
use vakt_record::{
    Language, RenderOptions, demo_exercise_in, demo_incident, render_exercise, render_incident,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    for lang in [Language::En, Language::Nl] {
        let o = RenderOptions {
            language: lang,
            signature_block: None,
        };
        let i = render_incident(&demo_incident(0), &o)?;
        std::fs::write(format!("{dir}/incident-{lang:?}.pdf"), &i.pdf)?;
        let e = render_exercise(&demo_exercise_in(lang), &o)?;
        std::fs::write(format!("{dir}/exercise-{lang:?}.pdf"), &e.pdf)?;
        println!(
            "{lang:?}: incident {} pages {} B, exercise {} pages {} B",
            i.pages,
            i.pdf.len(),
            e.pages,
            e.pdf.len()
        );
    }
    Ok(())
}
