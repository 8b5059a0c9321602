//! The command line: formats, exit codes, selection, config errors, encodings and bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers in test files may panic

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn planlint() -> Command {
    let mut cmd = Command::cargo_bin("planlint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = planlint()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn codes(report: &serde_json::Value) -> Vec<(String, u64)> {
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["span"]["start"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn examples_exit_codes() {
    planlint()
        .args(["check", "examples/clean.txt"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No problems"));
    planlint()
        .args(["check", "examples/defects.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "warning[PL003/numbering-sequence]",
        ))
        .stdout(predicate::str::contains("┌─ examples/defects.txt:14:1"));
    planlint().args(["check", "examples/"]).assert().code(1);
}

#[test]
fn fail_on_and_exit_zero() {
    // defects-only-notes: PL004 alone is a note.
    let base = ["check", "examples/defects.txt", "--select", "PL004"];
    planlint().args(base).assert().code(0);
    planlint()
        .args(base)
        .args(["--fail-on", "note"])
        .assert()
        .code(1);
    // PL003 is a warning: below --fail-on error. The whole file has errors too.
    planlint()
        .args([
            "check",
            "examples/defects.txt",
            "--select",
            "PL003",
            "--fail-on",
            "error",
        ])
        .assert()
        .code(0);
    planlint()
        .args(["check", "examples/defects.txt", "--fail-on", "error"])
        .assert()
        .code(1);
    planlint()
        .args(["check", "examples/defects.txt", "--exit-zero"])
        .assert()
        .code(0);
}

#[test]
fn json_contract_v1() {
    let r = json(&["examples/defects.txt", "examples/clean.txt"]);
    assert_eq!(r["version"], 1);
    assert_eq!(r["tool"]["name"], "planlint");
    let files = r["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(
        files[0]["path"], "examples/clean.txt",
        "files are sorted by path"
    );
    assert_eq!(files[0]["encoding"], "utf-8");
    let d = &files[1]["diagnostics"][0];
    for key in [
        "code", "rule", "severity", "message", "span", "range", "labels", "help", "fix",
    ] {
        assert!(d.get(key).is_some(), "missing {key}");
    }
    assert_eq!(d["range"]["start"]["line"], 1);
    assert_eq!(d["range"]["start"]["column"], 1);
    let starts: Vec<u64> = files[1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["span"]["start"].as_u64().unwrap())
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "diagnostics sorted by start"
    );
    assert_eq!(r["summary"]["files"], 2);
}

#[test]
fn short_format() {
    planlint()
        .args(["check", "--format", "short", "examples/defects.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "examples/defects.txt:14:1: PL003 number 2 is used twice",
        ));
}

#[test]
fn select_and_ignore_by_code_name_and_prefix() {
    let only = json(&["examples/defects.txt", "--select", "numbering-sequence"]);
    assert!(codes(&only).iter().all(|(c, _)| c == "PL003") && !codes(&only).is_empty());
    let prefix = json(&[
        "examples/defects.txt",
        "--select",
        "PL00",
        "--ignore",
        "PL003,empty-section",
    ]);
    assert!(codes(&prefix)
        .iter()
        .all(|(c, _)| c == "PL001" || c == "PL004"));
    planlint()
        .args(["check", "examples/defects.txt", "--select", "PL999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule"));
}

#[test]
fn bad_config_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("planlint.toml");
    std::fs::write(
        &cfg,
        "[rules]\nPL001 = \"warning\"\nno-such-rule = \"off\"\n",
    )
    .unwrap();
    planlint()
        .args(["check", "examples/clean.txt", "--config"])
        .arg(&cfg)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `no-such-rule`"))
        .stderr(predicate::str::contains(":3:1"));
    std::fs::write(&cfg, "[files]\nincludes = []\n").unwrap();
    planlint()
        .args(["check", "examples/clean.txt", "--config"])
        .arg(&cfg)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(":2:1"));
}

#[test]
fn config_levels_apply() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("planlint.toml");
    std::fs::write(
        &cfg,
        "[rules]\nnumbering-sequence = \"error\"\nPL001 = \"off\"\n",
    )
    .unwrap();
    let out = planlint()
        .args([
            "check",
            "--format",
            "json",
            "examples/defects.txt",
            "--config",
        ])
        .arg(&cfg)
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = r["files"][0]["diagnostics"].as_array().unwrap();
    assert!(diags.iter().all(|d| d["code"] != "PL001"));
    assert!(diags
        .iter()
        .filter(|d| d["code"] == "PL003")
        .all(|d| d["severity"] == "error"));
}

#[test]
fn config_is_discovered_upward() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("planlint.toml"),
        "[rules]\nPL003 = \"off\"\n",
    )
    .unwrap();
    let sub = dir.path().join("plans/2024");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/defects.txt"),
        sub.join("a.txt"),
    )
    .unwrap();
    let out = Command::cargo_bin("planlint")
        .unwrap()
        .current_dir(&sub)
        .args(["check", "--format", "short", "a.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("PL003") && text.contains("PL001"), "{text}");
}

#[test]
fn encodings_give_the_same_diagnostics() {
    let utf8 = json(&["examples/defects.txt"]);
    for (file, enc) in [
        ("tests/data/defects-gbk.txt", "gb18030"),
        ("tests/data/defects-utf16le-bom.txt", "utf-16le"),
        ("tests/data/defects-utf16be.txt", "utf-16be"),
        ("tests/data/defects-utf8-bom.txt", "utf-8"),
    ] {
        let r = json(&[file]);
        assert_eq!(r["files"][0]["encoding"], enc, "{file}");
        assert_eq!(codes(&r), codes(&utf8), "{file}");
    }
    let big5 = json(&["tests/data/traditional-big5.txt"]);
    assert_eq!(big5["files"][0]["encoding"], "big5");
    assert_eq!(codes(&big5), codes(&json(&["examples/traditional.txt"])));
    let forced = json(&["--encoding", "gb18030", "tests/data/defects-gbk.txt"]);
    assert_eq!(forced["files"][0]["encoding"], "gb18030");
}

#[test]
fn bad_inputs_exit_2_but_other_files_are_checked() {
    let out = planlint()
        .args([
            "check",
            "--format",
            "json",
            "tests/data/binary.bin",
            "no/such/file.txt",
            "examples/defects.txt",
            "tests/data/empty.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("binary.bin") && stderr.contains("binary file"),
        "{stderr}"
    );
    assert!(stderr.contains("no/such/file.txt"), "{stderr}");
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["examples/defects.txt", "tests/data/empty.txt"]);
    assert_eq!(r["files"][1]["diagnostics"].as_array().unwrap().len(), 0);
}

#[test]
fn stdin_with_filename() {
    let text =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/defects.txt")).unwrap();
    planlint()
        .args([
            "check",
            "--format",
            "short",
            "--stdin-filename",
            "plan.txt",
            "-",
        ])
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("plan.txt:"));
}

#[test]
fn directories_globs_and_excludes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("drafts")).unwrap();
    std::fs::create_dir_all(p.join("ignored")).unwrap();
    let plan =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/defects.txt")).unwrap();
    for f in ["a.txt", "b.md", "c.doc", "drafts/d.txt", "ignored/e.txt"] {
        std::fs::write(p.join(f), &plan).unwrap();
    }
    std::fs::write(p.join(".gitignore"), "ignored/\n").unwrap();
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("planlint")
            .unwrap()
            .current_dir(p)
            .args(["check", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        r["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(run(&["."]), ["a.txt", "b.md", "drafts/d.txt"]);
    assert_eq!(run(&[".", "--exclude", "drafts/"]), ["a.txt", "b.md"]);
    assert_eq!(run(&["*.md"]), ["b.md"]);
    // Braces, as in [files] globs.
    assert_eq!(run(&["{a.txt,drafts/*.txt}"]), ["a.txt", "drafts/d.txt"]);
    assert_eq!(
        run(&["c.doc"]),
        ["c.doc"],
        "explicit files are always checked"
    );
}

#[test]
fn rules_explain_outline() {
    planlint()
        .args(["rules"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PL001  missing-section"));
    let out = planlint()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), planlint::rules::ALL.len());
    planlint()
        .args(["explain", "numbering-sequence"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("**Bad:**"));
    planlint().args(["explain", "PL999"]).assert().code(2);
    planlint()
        .args(["outline", "examples/clean.txt"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("一、 指导思想").and(predicate::str::contains("[guiding]")),
        );
    let out = planlint()
        .args(["outline", "--format", "json", "examples/clean.txt"])
        .output()
        .unwrap();
    let o: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = &o["files"][0]["documents"][0];
    assert_eq!(doc["genre"], "plan");
    assert_eq!(doc["sections"].as_array().unwrap().len(), 5);
    assert_eq!(doc["sections"][2]["roles"][0], "tasks");
}

#[test]
fn output_file_and_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    planlint()
        .args([
            "check",
            "--format",
            "json",
            "--statistics",
            "examples/defects.txt",
            "--output",
        ])
        .arg(&out)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("PL003  numbering-sequence"));
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(r["version"], 1);
}

#[test]
fn unwritable_output_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing-dir").join("report.json");
    planlint()
        .args([
            "check",
            "--format",
            "json",
            "examples/defects.txt",
            "--output",
        ])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("cannot write").and(predicate::str::contains("report.json")),
        );
}

/// A GBK file with three safe fixes (1。5, 的., 。。) and one unsafe finding (加加强).
fn gbk_plan(dir: &Path) -> (std::path::PathBuf, Vec<u8>) {
    let text = "海曙区养老服务实施方案\n一、工作目标\n超过1。5亿人受益，富有特色的.励志教育。。\n大力加加强管理。\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    let path = dir.join("gbk.txt");
    std::fs::write(&path, &bytes).unwrap();
    (path, bytes.into_owned())
}

#[test]
fn fix_writes_the_files_own_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = gbk_plan(dir.path());
    let out = planlint()
        .args(["check", "--fix", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("Fixed 3 problems in 1 file"));
    let fixed = std::fs::read(&path).unwrap();
    assert!(
        std::str::from_utf8(&fixed).is_err(),
        "the file must stay GBK, not become UTF-8"
    );
    let (text, _, errors) = encoding_rs::GBK.decode(&fixed);
    assert!(!errors);
    assert_eq!(text, "海曙区养老服务实施方案\n一、工作目标\n超过1.5亿人受益，富有特色的励志教育。\n大力加加强管理。\n");
    // The report is the re-lint: only what --fix does not touch is left.
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let left: Vec<&str> = r["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        left.contains(&"PL503") && !left.contains(&"PL502"),
        "{left:?}"
    );
}

#[test]
fn diff_prints_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, original) = gbk_plan(dir.path());
    planlint()
        .args(["check", "--diff"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("-超过1。5亿人").and(predicate::str::contains("+超过1.5亿人")),
        );
    assert_eq!(std::fs::read(&path).unwrap(), original);
}

#[test]
fn failed_write_leaves_the_original_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (path, original) = gbk_plan(dir.path());
    planlint()
        .args(["check", "--fix"])
        .arg(&path)
        .env("PLANLINT_TEST_FAIL_WRITE", "1")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write the fixed file"));
    assert_eq!(std::fs::read(&path).unwrap(), original);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary file may be left: {leftovers:?}"
    );
}

#[test]
fn files_with_decode_errors_are_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.txt");
    let mut bytes = "养老方案\n超过1。5亿人\n".as_bytes().to_vec();
    bytes.extend([0xFF, 0xFE, 0x41]);
    std::fs::write(&path, &bytes).unwrap();
    planlint()
        .args(["check", "--fix", "--encoding", "utf-8"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not fixed"));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn tasks_table_formats() {
    let plan = "tests/fixtures/task-without-owner/clean-hant.txt";
    planlint().args(["tasks", plan]).assert().code(0).stdout(
        predicate::str::contains("二、1、")
            .and(predicate::str::contains("法規處"))
            .and(predicate::str::contains("(missing)")),
    );
    let out = planlint()
        .args([
            "tasks",
            "--format",
            "json",
            "tests/fixtures/task-without-owner/fires-hans.txt",
        ])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tasks = r["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 4);
    assert_eq!(r["version"], 2);
    assert_eq!(tasks[0]["lead"], serde_json::json!(["区民政局"]));
    assert_eq!(tasks[1]["co"], serde_json::json!(["区财政局"]));
    assert_eq!(tasks[2]["owner"], "missing");
    assert!(
        tasks[2]["lead"].is_null(),
        "a gap is null: {}",
        tasks[2]["lead"]
    );
    assert!(tasks[2]["deadline"].is_null());
    assert_eq!(tasks[0]["co"], serde_json::json!([]));
    assert_eq!(tasks[3]["owner"], "vague");
    planlint()
        .args(["tasks", "--format", "csv", plan])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "location,section,task,lead unit,co-units,deadline\n",
        ));
    planlint()
        .args(["tasks", "--format", "markdown", plan])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("| location | section |"));
}

#[test]
fn github_annotations() {
    planlint()
        .args(["check", "--format", "github", "examples/defects.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "::warning file=examples/defects.txt,line=14,col=1,endLine=14,endColumn=4,title=PL003 numbering-sequence::number 2 is used twice",
        ))
        .stdout(predicate::str::contains("::notice file=examples/defects.txt"));
}

#[test]
fn sarif_validates_against_the_schema() {
    let out = planlint()
        .args([
            "check",
            "--format",
            "sarif",
            "examples/defects.txt",
            "tests/data/defects-gbk.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = common::sarif_schema_errors(&sarif);
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &sarif["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        planlint::rules::ALL.len()
    );
    let results = run["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["fixes"].is_array()),
        "fixes are exported"
    );
    assert!(
        results.iter().any(|r| r["relatedLocations"].is_array()),
        "labels are exported"
    );
    let utf8 = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "examples/defects.txt"
        })
        .unwrap();
    assert!(utf8["locations"][0]["physicalLocation"]["region"]["byteOffset"].is_u64());
    let gbk = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "tests/data/defects-gbk.txt"
        })
        .unwrap();
    assert!(
        gbk["locations"][0]["physicalLocation"]["region"]["byteOffset"].is_null(),
        "no byte offsets into a GBK file"
    );
}

#[test]
fn suppressions_move_diagnostics_and_keep_reasons() {
    let used = "tests/fixtures/unused-suppression/clean-hans.txt";
    let report = json(&[used]);
    assert!(codes(&report).is_empty(), "{report}");
    let suppressed = report["files"][0]["suppressed"].as_array().unwrap();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["code"], "PL201");
    assert_eq!(suppressed[0]["reason"], "样例保留，待社区确认后填写");

    // Without the rule it names running, a suppression is not called unused.
    let selected = json(&["--select", "PL001,PL901", used]);
    assert!(codes(&selected).is_empty(), "{selected}");

    let sarif = planlint()
        .args(["check", "--format", "sarif", used])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "PL201");
    assert_eq!(result["suppressions"][0]["kind"], "inSource");
}

#[test]
fn stale_and_unknown_suppressions_are_reported() {
    let report = json(&["tests/fixtures/unused-suppression/fires-hans.txt"]);
    let found: Vec<&str> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        found,
        [
            "this suppression suppresses nothing",
            "the suppression names `PL299`, which is no planlint rule"
        ]
    );
    planlint()
        .args([
            "check",
            "--ignore",
            "PL901",
            "tests/fixtures/unused-suppression/fires-hans.txt",
        ])
        .assert()
        .success();
}

#[test]
fn config_errors_point_at_their_key_in_display_width() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("examples/defects.txt", dir.path().join("a.txt")).unwrap();
    let stderr = |config: &str| {
        std::fs::write(dir.path().join("planlint.toml"), config).unwrap();
        let out = Command::cargo_bin("planlint")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "a.txt"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stderr).unwrap()
    };
    // A CJK key: four characters, eight columns of carets after the quote.
    let cjk = stderr("[rules]\n\"缺失章节\" = \"off\"\n");
    assert!(cjk.contains("planlint.toml:2:2"), "{cjk}");
    assert!(cjk.contains("│  ^^^^^^^^\n"), "{cjk}");
    // A wrong item in a vocabulary list is reported at its key, with its line.
    let typed = stderr("[placeholders.unresolved]\nextend-words = [\"待定\", 3]\n");
    assert!(
        typed.contains("`extend-words` must hold strings"),
        "{typed}"
    );
    assert!(typed.contains("planlint.toml:2:1"), "{typed}");
    // Doubling suspects are CJK characters: the scan for doubles reads only those.
    let ascii = stderr("[chars.doubling]\nsuspects = \"的a\"\n");
    assert!(
        ascii.contains("doubling suspect `a` is not a CJK character"),
        "{ascii}"
    );
}

#[test]
fn a_baseline_used_from_another_directory_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir(&plans).unwrap();
    std::fs::copy("examples/defects.txt", plans.join("a.txt")).unwrap();
    let run = |cwd: &Path, args: &[&str]| {
        Command::cargo_bin("planlint")
            .unwrap()
            .current_dir(cwd)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&plans, &["baseline", "a.txt"]).status.success());
    let here = run(
        &plans,
        &["check", "--baseline", "planlint-baseline.json", "a.txt"],
    );
    assert!(!String::from_utf8_lossy(&here.stderr).contains("do not exist here"));
    let above = run(
        dir.path(),
        &[
            "check",
            "--baseline",
            "plans/planlint-baseline.json",
            "plans/a.txt",
        ],
    );
    let stderr = String::from_utf8_lossy(&above.stderr);
    assert!(
        stderr.contains("1 of the 1 files in the baseline"),
        "{stderr}"
    );
}

#[test]
fn baseline_round_trip_survives_moved_lines_and_reports_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.txt");
    let original = std::fs::read_to_string("examples/defects.txt").unwrap();
    std::fs::write(&plan, &original).unwrap();
    let baseline = dir.path().join("planlint-baseline.json");
    let run = |args: &[&str]| {
        let mut cmd = Command::cargo_bin("planlint").unwrap();
        cmd.current_dir(dir.path()).args(args).output().unwrap()
    };
    assert!(run(&["baseline", "plan.txt"]).status.success());
    let written = std::fs::read_to_string(&baseline).unwrap();
    assert!(written.contains("\"code\": \"PL003\""), "{written}");
    // Deterministic: writing it again gives the same bytes.
    run(&["baseline", "plan.txt"]);
    assert_eq!(std::fs::read_to_string(&baseline).unwrap(), written);

    let clean = run(&["check", "--baseline", "planlint-baseline.json", "plan.txt"]);
    assert_eq!(clean.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&clean.stderr).contains("baselined"));

    // Lines move (a paragraph above), a new defect appears at the end.
    let mut lines: Vec<&str> = original.lines().collect();
    lines.insert(2, "新增一段说明文字。");
    lines.push("另有xx区参加。");
    std::fs::write(&plan, lines.join("\n")).unwrap();
    let after = run(&[
        "check",
        "--format",
        "short",
        "--baseline",
        "planlint-baseline.json",
        "plan.txt",
    ]);
    assert_eq!(after.status.code(), Some(1));
    let out = String::from_utf8(after.stdout).unwrap();
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("PL301") && out.contains("`xx`"), "{out}");

    std::fs::write(&baseline, "{broken").unwrap();
    let broken = run(&["check", "--baseline", "planlint-baseline.json", "plan.txt"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("broken baseline"));
}

#[test]
fn overrides_set_levels_per_glob() {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string("examples/defects.txt").unwrap();
    for sub in ["区县", "市"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("a.txt"), &plan).unwrap();
    }
    std::fs::write(
        dir.path().join("planlint.toml"),
        "[rules]\nPL001 = \"error\"\n\n[[overrides]]\nfiles = [\"区县/**\"]\n\
         rules = { placeholder = \"off\", missing-section = \"note\" }\n",
    )
    .unwrap();
    let out = Command::cargo_bin("planlint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let levels = |file: usize, code: &str| -> Vec<String> {
        report["files"][file]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| d["severity"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(report["files"][0]["path"], "区县/a.txt");
    assert_eq!(levels(0, "PL001"), ["note"]);
    assert!(levels(0, "PL301").is_empty());
    assert_eq!(levels(1, "PL001"), ["error"]);
    assert_eq!(levels(1, "PL301").len(), 1);
}

#[test]
fn each_file_uses_its_nearest_config_from_any_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let plan = std::fs::read_to_string("examples/defects.txt").unwrap();
    std::fs::create_dir_all(root.join("plans/drafts")).unwrap();
    std::fs::create_dir_all(root.join("broken")).unwrap();
    for f in ["a.txt", "plans/b.txt", "plans/drafts/c.txt", "broken/d.txt"] {
        std::fs::write(root.join(f), &plan).unwrap();
    }
    std::fs::write(
        root.join("planlint.toml"),
        "[rules]
PL001 = \"error\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("plans/planlint.toml"),
        "[rules]\nPL001 = \"off\"\n\n[[overrides]]\nfiles = [\"drafts/*.txt\"]\n\
         rules = { placeholder = \"off\" }\n",
    )
    .unwrap();
    std::fs::write(
        root.join("broken/planlint.toml"),
        "[rules]\nno-such-rule = \"off\"\n",
    )
    .unwrap();
    // (file as reported, codes) from a run in `cwd` over `paths`.
    let run = |cwd: &Path, paths: &[&str]| {
        let out = Command::cargo_bin("planlint")
            .unwrap()
            .current_dir(cwd)
            .args(["check", "--format", "json"])
            .args(paths)
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let files: Vec<Vec<String>> = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                f["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| format!("{} {}", d["code"], d["severity"]))
                    .collect()
            })
            .collect();
        (out.status.code(), files, report["errors"].clone())
    };
    let (code, from_root, errors) = run(
        root,
        &["a.txt", "plans/b.txt", "plans/drafts/c.txt", "broken/d.txt"],
    );
    let (_, from_plans, _) = run(&root.join("plans"), &["b.txt", "drafts/c.txt"]);
    let (_, from_drafts, _) = run(&root.join("plans/drafts"), &["../b.txt", "c.txt"]);
    assert_eq!(from_root[1..], from_plans[..]);
    assert_eq!(from_plans, from_drafts);
    let has =
        |codes: &[String], code: &str| codes.iter().any(|c| c.starts_with(&format!("\"{code}\"")));
    assert!(
        from_root[0].contains(&"\"PL001\" \"error\"".to_owned()),
        "{:?}",
        from_root[0]
    );
    assert!(!has(&from_root[1], "PL001"), "plans/ turns PL001 off");
    assert!(
        has(&from_root[1], "PL301") && !has(&from_root[2], "PL301"),
        "override from plans/"
    );
    // The broken config stops only its own file.
    assert_eq!(code, Some(2));
    assert_eq!(from_root.len(), 3);
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("no-such-rule"),
        "{errors}"
    );
}

#[test]
fn extend_select_adds_to_the_configured_rules() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("examples/defects.txt", dir.path().join("a.txt")).unwrap();
    std::fs::write(
        dir.path().join("planlint.toml"),
        "[rules]\nplaceholder = \"off\"\n",
    )
    .unwrap();
    let codes = |args: &[&str]| -> Vec<String> {
        let out = Command::cargo_bin("planlint")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "a.txt"])
            .args(args)
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut codes: Vec<String> = report["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect();
        codes.dedup();
        codes
    };
    let configured = codes(&[]);
    assert!(!configured.contains(&"PL301".to_owned()));
    let extended = codes(&["--extend-select", "placeholder"]);
    assert!(extended.contains(&"PL301".to_owned()));
    assert!(
        configured.iter().all(|c| extended.contains(c)),
        "nothing else goes"
    );
    assert!(!codes(&["--extend-select", "PL301", "--ignore", "PL3"]).contains(&"PL301".to_owned()));
}

#[test]
fn completions_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = planlint().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for word in ["check", "outline", "tasks", "extend-select", "format"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    planlint().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn parallel_output_equals_serial_output() {
    let run = |threads: &str| {
        planlint()
            .env("RAYON_NUM_THREADS", threads)
            .args(["check", "--format", "json", "examples", "tests/fixtures"])
            .output()
            .unwrap()
            .stdout
    };
    let serial = run("1");
    assert!(serial.len() > 10_000);
    assert_eq!(run("8"), serial);
}

#[test]
fn output_streams_in_order_across_chunks() {
    // More files than one parallel chunk (256): the report is written chunk by chunk.
    let dir = tempfile::tempdir().unwrap();
    let plans = [
        "某区实施方案\n一、工作目标\n20xx年完成。\n",
        "某校工作计划\n一、指导思想\n坚持育人为本。\n",
        "",
    ];
    for i in 0..600 {
        std::fs::write(dir.path().join(format!("{i:04}.txt")), plans[i % 3]).unwrap();
    }
    let run = |threads: &str, format: &str| {
        planlint()
            .env("RAYON_NUM_THREADS", threads)
            .args(["check", "--format", format])
            .arg(dir.path())
            .output()
            .unwrap()
            .stdout
    };
    for format in ["json", "sarif", "short", "human"] {
        let serial = run("1", format);
        assert_eq!(run("4", format), serial, "{format}");
        if format == "json" {
            let report: serde_json::Value = serde_json::from_slice(&serial).unwrap();
            let files = report["files"].as_array().unwrap();
            assert_eq!(files.len(), 600);
            let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
            assert!(paths.windows(2).all(|w| w[0] < w[1]), "sorted paths");
            assert_eq!(report["summary"]["files"], 600);
        }
        if format == "sarif" {
            let log: serde_json::Value = serde_json::from_slice(&serial).unwrap();
            assert!(log["runs"][0]["results"].as_array().unwrap().len() >= 200);
        }
    }
}

#[test]
fn init_writes_a_config_that_config_then_describes() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::cargo_bin("planlint")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["init"]).status.success());
    assert_eq!(
        run(&["init"]).status.code(),
        Some(2),
        "refuses to overwrite"
    );
    let text = std::fs::read_to_string(dir.path().join("planlint.toml")).unwrap();
    std::fs::write(
        dir.path().join("planlint.toml"),
        text.replace("# PL004 = \"note\"", "PL004 = \"off\""),
    )
    .unwrap();
    let shown = String::from_utf8(run(&["config"]).stdout).unwrap();
    let line = shown.lines().find(|l| l.starts_with("PL004")).unwrap();
    assert!(
        line.contains("off") && line.contains("planlint.toml"),
        "{line}"
    );
    let line = shown.lines().find(|l| l.starts_with("PL001")).unwrap();
    assert!(line.contains("(default)"), "{line}");
    // A directory, existing or not, gets planlint.toml inside it.
    std::fs::create_dir(dir.path().join("plans")).unwrap();
    assert!(run(&["init", "plans"]).status.success());
    assert!(run(&["init", "new/dir"]).status.success());
    assert!(dir.path().join("plans/planlint.toml").is_file());
    assert!(dir.path().join("new/dir/planlint.toml").is_file());
    let again = run(&["init", "plans"]);
    assert_eq!(again.status.code(), Some(2));
    let message = String::from_utf8(again.stderr).unwrap();
    assert!(
        message.contains("plans/planlint.toml already exists"),
        "{message}"
    );
    assert!(run(&["init", "--force", "plans"]).status.success());
}

#[test]
fn tasks_take_the_deadline_after_a_deadline_label() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.txt");
    std::fs::write(
        &plan,
        "区教育优质均衡发展实施方案\n一、主要任务\n\
         （一）优化学校布局。新建学校5所，2024年3月启动。（牵头单位：区教育局；完成时限：2025年底）\n\
         （二）加强教师队伍建设。区人社局负责，2024年6月底前完成。\n",
    )
    .unwrap();
    let out = planlint()
        .args(["tasks", "--format", "json"])
        .arg(&plan)
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tasks = r["tasks"].as_array().unwrap();
    // The labelled date wins over an earlier date with a month.
    assert_eq!(tasks[0]["deadline"], "2025年底");
    assert_eq!(tasks[1]["deadline"], "2024年6月");
}

/// Look-alike characters (Kangxi radicals, compatibility ideographs) are fixed to the ordinary
/// characters and nothing else changes, in UTF-8, UTF-16 and GB18030 files.
#[test]
fn lookalike_fix_is_byte_exact_in_every_encoding() {
    let damaged = "某区防汛工作方案\r\n⼀、工作目标\r\n确保⽣命安全，检查“⽔位”。\r\n";
    let ordinary = "某区防汛工作方案\r\n一、工作目标\r\n确保生命安全，检查“水位”。\r\n";
    let utf16 = |s: &str| -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    };
    let gb18030 = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
    let cases: [(&str, Vec<u8>, Vec<u8>); 3] = [
        (
            "utf8.txt",
            damaged.as_bytes().to_vec(),
            ordinary.as_bytes().to_vec(),
        ),
        ("utf16.txt", utf16(damaged), utf16(ordinary)),
        ("gb18030.txt", gb18030(damaged), gb18030(ordinary)),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, before, after) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &before).unwrap();
        planlint()
            .args(["check", "--fix", "--select", "PL504"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), after, "{name}");
    }
}

#[test]
fn unreadable_inputs_are_counted_in_every_format() {
    let args = ["no/such/file.txt", "examples/clean.txt"];
    let human = planlint().arg("check").args(args).output().unwrap();
    assert_eq!(human.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&human.stdout);
    assert!(stdout.contains("1 file could not be checked"), "{stdout}");
    let json = json(&args);
    assert_eq!(json["errors"][0]["path"], "no/such/file.txt");
    let out = planlint()
        .args(["check", "--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &sarif["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let note = &run["invocations"][0]["toolExecutionNotifications"][0];
    assert!(note["message"]["text"]
        .as_str()
        .unwrap()
        .contains("no/such/file.txt"));
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert!(common::sarif_schema_errors(&sarif).is_empty());
}

#[test]
fn summary_counts_files_with_problems() {
    let out = planlint()
        .args(["check", "examples/defects.txt", "examples/clean.txt"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(") in 1 of 2 files."), "{stdout}");
}

#[test]
fn an_empty_selection_is_an_error() {
    planlint()
        .args(["check", "--select", "", "examples/defects.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--select names no rule"));
}

#[cfg(unix)]
#[test]
fn paths_that_are_not_files_say_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let dangling = dir.path().join("dangling.txt");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
    let out = planlint()
        .args(["check", dangling.to_str().unwrap(), "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken symbolic link"), "{stderr}");
    assert!(stderr.contains("/dev/null: not a regular file"), "{stderr}");
}

/// A one-line paragraph of 1 MB with a finding every 30 bytes: each diagnostic shows a
/// window of its line, so the output grows with the number of findings, not with their
/// number times the line's length.
#[test]
fn a_long_line_is_windowed_not_reprinted() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("某区实施方案\n");
    let mut n = 0;
    while text.len() < 1_000_000 {
        text.push_str(&format!("于20xx年{}月完成第{n}项，", n % 12 + 1));
        n += 1;
    }
    let path = dir.path().join("long.txt");
    std::fs::write(&path, &text).unwrap();
    let out = planlint()
        .args(["check", "--color", "never", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let found = stdout.matches("PL201/undefined-date").count();
    assert!(found >= n, "{found} of {n} dates reported");
    assert!(
        stdout.len() < found * 600,
        "{} bytes for {found} diagnostics",
        stdout.len()
    );
    assert!(stdout.lines().all(|l| l.chars().count() < 160));
}

/// A plan with one safe fix (1。5 → 1.5).
fn fixable_plan(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("plan.txt");
    std::fs::write(&path, "某区实施方案\n一、工作目标\n惠及1。5万人。\n").unwrap();
    path
}

#[cfg(unix)]
#[test]
fn fix_follows_links_and_keeps_hard_links() {
    let dir = tempfile::tempdir().unwrap();
    let target = fixable_plan(dir.path());
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    planlint()
        .args(["check", "--fix"])
        .arg(&link)
        .assert()
        .code(0);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("1.5万人"));

    let second = tempfile::tempdir().unwrap();
    let plan = fixable_plan(second.path());
    let other = second.path().join("other.txt");
    std::fs::hard_link(&plan, &other).unwrap();
    planlint()
        .args(["check", "--fix"])
        .arg(&plan)
        .assert()
        .code(0);
    assert!(std::fs::read_to_string(&other).unwrap().contains("1.5万人"));
}

#[cfg(unix)]
#[test]
fn fix_refuses_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = fixable_plan(dir.path());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    planlint()
        .args(["check", "--fix"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("read-only"));
    assert!(std::fs::read_to_string(&path).unwrap().contains("1。5万人"));
}

#[test]
fn statistics_alone_and_quiet() {
    let stats = planlint()
        .args(["check", "--statistics", "examples/defects.txt"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&stats.stdout);
    assert!(stdout.contains("PL003  numbering-sequence"), "{stdout}");
    assert!(
        !stdout.contains("┌─"),
        "the listing is not printed: {stdout}"
    );
    let quiet = planlint()
        .args(["check", "--quiet", "examples/defects.txt"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&quiet.stdout);
    assert!(stdout.contains("PL003/numbering-sequence") && !stdout.contains("Found "));
    assert_eq!(quiet.status.code(), Some(1));
}

/// A file of 4 MB or more is written straight to the output; the report reads the same as
/// the one rendered in memory, in every format, between smaller files.
#[test]
fn large_files_are_reported_like_small_ones() {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string("examples/defects.txt").unwrap();
    let big = plan.repeat((5 << 20) / plan.len() + 1);
    let small = dir.path().join("a.txt");
    let large = dir.path().join("b.txt");
    let last = dir.path().join("c.txt");
    std::fs::write(&small, &plan).unwrap();
    std::fs::write(&large, &big).unwrap();
    std::fs::write(&last, "").unwrap();
    let settings = planlint::engine::Settings::builtin().unwrap();
    let reports: Vec<_> = [(&small, &plan), (&large, &big), (&last, &String::new())]
        .iter()
        .map(|(p, text)| {
            planlint::check_source(&p.display().to_string(), text.as_bytes(), &settings).unwrap()
        })
        .collect();
    for format in ["json", "sarif"] {
        let out = planlint()
            .args(["check", "--format", format])
            .args([&small, &large, &last])
            .output()
            .unwrap();
        let kind = clap::ValueEnum::from_str(format, true).unwrap();
        let expected = planlint::report::render(kind, &reports, &[], false);
        assert!(
            out.stdout == expected.as_bytes(),
            "{format}: the streamed report differs from the rendered one"
        );
    }
}
