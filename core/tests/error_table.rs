//! `docs/errors.md` lists exactly the codes of `ErrorCode::ALL`, with their area and message.

use sentc_core::ErrorCode;

#[test]
fn docs_table_matches_error_codes() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md");
    let docs = std::fs::read_to_string(path).unwrap();
    let documented: Vec<String> = docs
        .lines()
        .filter(|line| {
            line.starts_with("| ") && line.chars().nth(2).is_some_and(|c| c.is_ascii_digit())
        })
        .filter(|line| !line.contains('–'))
        .map(str::to_string)
        .collect();
    let expected: Vec<String> = ErrorCode::ALL
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
        .collect();
    assert_eq!(documented, expected, "update docs/errors.md");
}
