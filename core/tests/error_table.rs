//! `docs/errors.md` lists exactly the codes of `ErrorCode::ALL`, with their area and message.
//! `SENTC_UPDATE_DOCS=1 cargo test -p sentc-core --test error_table` rewrites the table.

use sentc_core::ErrorCode;

const TABLE_HEADER: &str = "| code | name | area | message |\n|---|---|---|---|\n";

fn expected_rows() -> Vec<String> {
    ErrorCode::ALL
        .iter()
        .map(|code| {
            format!(
                "| {} | {:?} | {} | {} |",
                code.code(),
                code,
                code.area().name(),
                code.message()
            )
        })
        .collect()
}

#[test]
fn docs_table_matches_error_codes() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md");
    let docs = std::fs::read_to_string(path).unwrap();
    let (intro, table) = docs.split_once(TABLE_HEADER).expect("the table header");
    if std::env::var_os("SENTC_UPDATE_DOCS").is_some() {
        let rows = expected_rows().join("\n");
        std::fs::write(path, format!("{intro}{TABLE_HEADER}{rows}\n")).unwrap();
        return;
    }
    let documented: Vec<String> = table.lines().map(str::to_string).collect();
    assert_eq!(
        documented,
        expected_rows(),
        "docs/errors.md is out of date: SENTC_UPDATE_DOCS=1 cargo test -p sentc-core --test error_table"
    );
}
