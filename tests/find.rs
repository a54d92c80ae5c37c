//! `checking::find_by_id`: the dialogue with an id in a folder, or why not.

use std::path::PathBuf;

use gesprekscoach::checking::{FindError, find_by_id};

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// A folder with the fixture catalogue and `file` copied in as `name`.
fn folder_with(file: &str, name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("valid/werkprocessen.toml"),
        dir.path().join("werkprocessen.toml"),
    )
    .unwrap();
    std::fs::copy(fixture(file), dir.path().join(name)).unwrap();
    dir
}

#[test]
fn a_dialogue_is_found_by_its_id() {
    let p = find_by_id(&fixture("valid"), "stoelen-verkopen").unwrap();
    assert_eq!(p.dialogue.title, "Stoelen verkopen aan een kantoor");
    assert!(p.rule("noemt-demo").is_some());
}

#[test]
fn a_dialogue_in_a_file_with_another_name_is_found_too() {
    let dir = folder_with("valid/stoelen-verkopen.toml", "anders.toml");
    let p = find_by_id(dir.path(), "stoelen-verkopen").unwrap();
    assert_eq!(p.dialogue.id, "stoelen-verkopen");
}

#[test]
fn an_unknown_id_lists_the_available_dialogues() {
    let err = find_by_id(&fixture("valid"), "bestaat-niet").unwrap_err();
    match &err {
        FindError::NotFound { available, .. } => {
            assert_eq!(available, &vec!["stoelen-verkopen".to_string()]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "geen dialoog met id 'bestaat-niet' gevonden (beschikbaar: stoelen-verkopen)"
    );
}

#[test]
fn a_broken_dialogue_is_reported_with_its_problems() {
    let dir = folder_with("broken/kapotte-goto.toml", "kapotte-goto.toml");
    let err = find_by_id(dir.path(), "kapotte-goto").unwrap_err();
    let FindError::Invalid { problems, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(problems.len(), 3);
    assert!(
        err.to_string()
            .contains("goto naar een stap die niet bestaat: 'akord'")
    );
}

#[test]
fn verify_accepts_a_good_upload_and_refuses_one_whose_example_fails() {
    use gesprekscoach::checking::verify;
    use gesprekscoach::dialogue::Catalogue;
    use gesprekscoach::matching::Matcher;
    let catalogue = Catalogue::load(&fixture("valid/werkprocessen.toml")).unwrap();
    let good = std::fs::read(fixture("valid/stoelen-verkopen.toml")).unwrap();
    let matcher = Matcher::new();
    let verdict = verify("upload.toml", &good, &catalogue, &matcher);
    assert!(verdict.accepted(), "{verdict:?}");
    assert_eq!(verdict.outcomes.len(), 5);
    let bad = String::from_utf8(good)
        .unwrap()
        .replacen("score = 100", "score = 90", 1);
    let verdict = verify("upload.toml", bad.as_bytes(), &catalogue, &matcher);
    assert!(!verdict.accepted());
    let failed: Vec<_> = verdict.outcomes.iter().filter(|o| !o.passed()).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].name, "voorbeeldgesprek 'sterke student'");
    let broken = verify("upload.toml", b"id = ", &catalogue, &matcher);
    assert!(!broken.accepted());
    assert!(broken.outcomes.is_empty());
    assert!(broken.problems[0].message.starts_with("TOML-fout"));
}
