//! The options table in docs/server.md is the binary's: every flag `sentc-server --help` lists
//! has a row with its environment variable, and every row names a flag the binary has.

use std::collections::BTreeSet;
use std::process::Command;

/// (flag, env) pairs from `--help`.
fn from_help() -> BTreeSet<(String, String)> {
    let output = Command::new(env!("CARGO_BIN_EXE_sentc-server"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    let mut options = BTreeSet::new();
    let mut flag: Option<String> = None;
    for line in help.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("--") || trimmed.starts_with("-h,") || trimmed.starts_with("-V,") {
            flag = trimmed
                .split_whitespace()
                .find(|word| word.starts_with("--"))
                .map(|word| word.trim_end_matches(',').to_owned());
            continue;
        }
        if let (Some(name), Some(at)) = (&flag, line.find("[env: ")) {
            let env = line[at + 6..].split(['=', ']']).next().unwrap().to_owned();
            options.insert((name.clone(), env));
            flag = None;
        }
    }
    options
}

/// (flag, env) pairs from the table.
fn from_table() -> BTreeSet<(String, String)> {
    let doc = include_str!("../../docs/server.md");
    doc.lines()
        .filter(|line| line.starts_with("| `--"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let strip = |cell: &str| cell.trim_matches('`').to_owned();
            (strip(cells[1]), strip(cells[2]))
        })
        .collect()
}

#[test]
fn every_option_is_a_flag_and_an_env_var_in_the_table() {
    let help = from_help();
    assert!(help.len() >= 25, "{help:?}");
    let table = from_table();
    let missing: Vec<_> = help.difference(&table).collect();
    let stale: Vec<_> = table.difference(&help).collect();
    assert!(
        missing.is_empty(),
        "options not in docs/server.md: {missing:?}"
    );
    assert!(stale.is_empty(), "rows without such an option: {stale:?}");
    // Every flag has an env var (help lists flags without one too: they would be missing above).
    let flags_in_help = Command::new(env!("CARGO_BIN_EXE_sentc-server"))
        .arg("--help")
        .output()
        .unwrap()
        .stdout;
    let flags_in_help = String::from_utf8(flags_in_help).unwrap();
    let flags = flags_in_help
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("--"))
        .filter(|rest| !rest.starts_with("help") && !rest.starts_with("version"))
        .count();
    assert_eq!(flags, help.len(), "a flag without an env var");
}
