use chrono::{TimeZone, Utc};

use super::export::{self, CSV_HEADERS, DEFAULT_TIMEZONE};
use super::*;
use crate::dialogue::Prepared;
use crate::store::{LearnerKey, SqliteStore, Store};

use crate::store::tests::{STRONG, fixture};

/// A report without a database: `students` × `criteria`, statuses cycling.
pub(crate) fn sample_report(students: usize, criteria: usize) -> ClassReport {
    let statuses = [
        CellStatus::Behaald,
        CellStatus::Deels,
        CellStatus::NietBehaald,
        CellStatus::NietGeoefend,
    ];
    let criteria: Vec<CriterionInfo> = (0..criteria)
        .map(|i| CriterionInfo {
            nr: i as u32 + 1,
            werkproces: if i < 3 { "P4-K2-W3" } else { "B1-K2-W3" }.to_string(),
            werkproces_title: None,
            gedrag: format!("gedrag {i}"),
            label: format!("Criterium nummer {i} met een lange naam"),
        })
        .collect();
    let students: Vec<StudentLine> = (0..students)
        .map(|i| StudentLine {
            nr: i as u32 + 1,
            name: format!("Leerling {i}"),
            learner: None,
            completed: 1,
            last_activity: None,
        })
        .collect();
    let mut rows = Vec::new();
    for s in &students {
        for c in &criteria {
            let status = statuses[(s.nr as usize + c.nr as usize) % 4];
            rows.push(Row {
                student_nr: s.nr,
                student: s.name.clone(),
                werkproces: c.werkproces.clone(),
                label: c.label.clone(),
                gedrag: c.gedrag.clone(),
                attempts: u32::from(status != CellStatus::NietGeoefend),
                times_met: u32::from(status == CellStatus::Behaald),
                best_score: None,
                last_score: None,
                met: status == CellStatus::Behaald,
                status,
                last_attempt: None,
            });
        }
    }
    ClassReport {
        class: "2B".into(),
        class_id: 1,
        generated_at: Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap(),
        students,
        criteria,
        rows,
        summary: Summary {
            assignment: None,
            werkprocessen: Vec::new(),
            most_missed: Vec::new(),
        },
    }
}

/// Plays the fixture dialogue to its end (`replies`, then a weak reply as
/// often as needed), saved like a front end does.
async fn play(store: &SqliteStore, learner: LearnerId, d: &Prepared, replies: &[&str]) {
    let mut inputs = replies.to_vec();
    inputs.extend(std::iter::repeat_n("Ja.", 12));
    let (_, s) = crate::store::tests::play(store, learner, d, &inputs, false).await;
    assert!(s.finished, "the fixture dialogue did not end");
}

struct Class {
    store: SqliteStore,
    listing: ClassListing,
    _dir: tempfile::TempDir,
}

/// Class 2B: Anna (strong, then weak), Bram (weak), Chris (never practised,
/// name that Excel would run as a formula); Dirk in another class practised
/// too. The fixture dialogue is assigned to 2B.
async fn class_2b() -> Class {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}/coach.db", dir.path().display());
    let store = crate::store::SqliteStore::open(&url).await.expect("store");
    let d = fixture();
    let pool = store.pool().clone();
    let b2 = crate::store::ClassWrites::create_class(
        &mut *pool.acquire().await.expect("conn"),
        "2B",
        "CODE2B",
    )
    .await
    .expect("class");
    let other = crate::store::ClassWrites::create_class(
        &mut *pool.acquire().await.expect("conn"),
        "3C",
        "CODE3C",
    )
    .await
    .expect("class");
    let mut conn = pool.acquire().await.expect("conn");
    let assignment = crate::store::assignments::NewAssignment {
        class_id: b2.id,
        dialogue_id: "test-koffie",
        due_at: Utc::now().timestamp() + 86_400,
        created_by: None,
        plan_slot: None,
        now: Utc::now().timestamp() - 3600,
    };
    crate::store::AssignmentWrites::create_assignment(&mut *conn, &assignment)
        .await
        .expect("assignment");
    for (user, name, class) in [
        (1, "Anna", b2.id),
        (2, "Bram", b2.id),
        (3, "=Chris", b2.id),
        (4, "Dirk", other.id),
    ] {
        let learner = store
            .learner(LearnerKey::Telegram(user), Some(name))
            .await
            .expect("learner");
        crate::store::TransportWrites::user_touch(&mut *conn, user, user, name, learner.id)
            .await
            .expect("user");
        crate::store::ClassWrites::join_class(&mut *conn, learner.id, crate::store::ClassId(class))
            .await
            .expect("join");
        match name {
            "Anna" => {
                play(&store, learner.id, &d, &STRONG).await;
                play(&store, learner.id, &d, &[]).await;
            }
            "Bram" => play(&store, learner.id, &d, &[]).await,
            "Dirk" => play(&store, learner.id, &d, &STRONG).await,
            _ => {}
        }
    }
    let listing =
        crate::store::ReportReads::class_listing(&mut *conn, crate::store::ClassId(b2.id))
            .await
            .expect("listing")
            .expect("2B exists");
    Class {
        store,
        listing,
        _dir: dir,
    }
}

async fn report_of(class: &Class) -> ClassReport {
    let d = vec![fixture()];
    let sources = Sources {
        dialogues: &d,
        werkprocessen: &[],
    };
    let mut conn = class.store.pool().acquire().await.expect("conn");
    build(&mut *conn, &class.listing, sources, Utc::now())
        .await
        .expect("report")
}

fn row<'a>(report: &'a ClassReport, student: &str, label: &str) -> &'a Row {
    report
        .rows
        .iter()
        .find(|r| r.student == student && r.label == label)
        .unwrap_or_else(|| panic!("no row {student} × {label}"))
}

#[tokio::test]
async fn every_student_of_the_class_gets_a_row_per_criterion_and_no_one_else() {
    let class = class_2b().await;
    let report = report_of(&class).await;
    let names: Vec<&str> = report.students.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["=Chris", "Anna", "Bram"]);
    assert!(report.criteria.len() >= 3, "{:?}", report.criteria);
    assert_eq!(report.rows.len(), 3 * report.criteria.len());
    assert!(report.rows.iter().all(|r| r.student != "Dirk"));
    // Chris never practised: all rows there, with nothing in them.
    let chris: Vec<&Row> = report
        .rows
        .iter()
        .filter(|r| r.student == "=Chris")
        .collect();
    assert_eq!(chris.len(), report.criteria.len());
    assert!(chris.iter().all(|r| r.attempts == 0
        && r.status == CellStatus::NietGeoefend
        && r.best_score.is_none()
        && !r.met));
}

#[tokio::test]
async fn a_criterion_met_before_but_not_the_last_time_is_partly_met_with_best_and_last_score() {
    let class = class_2b().await;
    let report = report_of(&class).await;
    let anna = row(&report, "Anna", "Presenteert zich als professional");
    assert_eq!(anna.attempts, 2);
    assert_eq!(anna.times_met, 1);
    assert_eq!(anna.status, CellStatus::Deels);
    assert!(!anna.met);
    assert_eq!(anna.best_score, Some(100));
    let last = anna.last_score.expect("last score");
    assert!(last < 100, "the weak attempt came last: {last}");
    assert!(anna.last_attempt.is_some());
    let bram = row(&report, "Bram", "Presenteert zich als professional");
    assert_eq!((bram.attempts, bram.times_met), (1, 0));
    assert_eq!(bram.status, CellStatus::NietBehaald);
}

#[tokio::test]
async fn the_summary_counts_the_assignment_averages_and_most_missed_criteria() {
    let class = class_2b().await;
    let report = report_of(&class).await;
    let a = report.summary.assignment.as_ref().expect("assignment");
    assert_eq!(a.title, "Test: een koffieautomaat verkopen");
    assert_eq!((a.completed, a.students), (2, 3));
    assert_eq!(a.missing, ["=Chris"]);
    let w = &report.summary.werkprocessen[0];
    assert_eq!(w.werkproces, "P4-K2-W3");
    assert_eq!(w.students, 2);
    let lasts: Vec<u32> = ["Anna", "Bram"]
        .iter()
        .map(|n| {
            row(&report, n, "Presenteert zich als professional")
                .last_score
                .unwrap_or(0)
        })
        .collect();
    let expected = f64::from(lasts[0] + lasts[1]) / 2.0;
    assert_eq!(w.average, Some(expected));
    let top = &report.summary.most_missed[0];
    assert_eq!(
        (top.missed, top.tried),
        (2, 2),
        "{:?}",
        report.summary.most_missed
    );
}

#[tokio::test]
async fn the_csv_has_a_bom_semicolons_dutch_headers_and_parses_back() {
    let class = class_2b().await;
    let report = report_of(&class).await;
    let text = export::csv(&report, DEFAULT_TIMEZONE).expect("csv");
    let body = text.strip_prefix('\u{feff}').expect("BOM first");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(headers, CSV_HEADERS);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), report.rows.len());
    let anna = records
        .iter()
        .find(|r| &r[2] == "Anna" && &r[4] == "Presenteert zich als professional")
        .expect("Anna's row");
    assert_eq!(&anna[0], "2B");
    assert_eq!(&anna[6], "2");
    assert_eq!(&anna[7], "1");
    assert_eq!(&anna[8], "50,0");
    assert_eq!(&anna[9], "100");
    assert_eq!(&anna[11], "nee");
    assert_eq!(&anna[12], "deels");
    assert_eq!(anna[13].len(), "2026-11-27 14:05".len(), "{}", &anna[13]);
    // The long Gedrag line with commas stays one field.
    assert!(anna[5].contains(',') || records.iter().any(|r| r[5].contains(',')));
    // A name Excel would treat as a formula is defused.
    assert!(records.iter().any(|r| &r[2] == "'=Chris"));
    assert!(text.contains("\r\n"));
}

#[tokio::test]
async fn the_json_parses_back_with_dutch_keys() {
    let class = class_2b().await;
    let report = report_of(&class).await;
    let text = export::json(&report).expect("json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(v["klas"], "2B");
    assert_eq!(v["leerlingen"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["rijen"].as_array().map(Vec::len), Some(report.rows.len()));
    assert_eq!(v["samenvatting"]["opdracht"]["afgerond"], 2);
    let first = &v["rijen"][0];
    for key in [
        "leerling",
        "werkproces",
        "criterium",
        "pogingen",
        "beste_score",
        "behaald",
        "status",
    ] {
        assert!(first.get(key).is_some(), "missing {key}: {first}");
    }
}

#[tokio::test]
async fn an_unknown_class_lists_the_existing_ones_and_a_shared_name_asks_for_the_id() {
    let class = class_2b().await;
    let pool = class.store.pool();
    let mut conn = pool.acquire().await.expect("conn");
    let found = find_class(&mut *conn, "2b").await.expect("query");
    assert_eq!(found.expect("case-insensitive").name, "2B");
    let err = find_class(&mut *conn, "9Z")
        .await
        .expect("query")
        .unwrap_err();
    assert!(
        err.contains("'9Z' bestaat niet") && err.contains("2B") && err.contains("3C"),
        "{err}"
    );
    crate::store::ClassWrites::create_class(
        &mut *pool.acquire().await.expect("conn"),
        "2B",
        "ANDERE",
    )
    .await
    .expect("second 2B");
    let err = find_class(&mut *conn, "2B")
        .await
        .expect("query")
        .unwrap_err();
    assert!(
        err.contains("2 klassen") && err.contains("--class-id"),
        "{err}"
    );
}

#[tokio::test]
async fn an_empty_class_gives_a_header_only_csv_a_picture_and_a_hint_to_assign() {
    let class = class_2b().await;
    let pool = class.store.pool();
    let empty = crate::store::ClassWrites::create_class(
        &mut *pool.acquire().await.expect("conn"),
        "Leeg",
        "LEEG01",
    )
    .await
    .expect("class");
    let mut conn = pool.acquire().await.expect("conn");
    let listing =
        crate::store::ReportReads::class_listing(&mut *conn, crate::store::ClassId(empty.id))
            .await
            .expect("listing")
            .expect("exists");
    let d = vec![fixture()];
    let sources = Sources {
        dialogues: &d,
        werkprocessen: &[],
    };
    let report = build(&mut *conn, &listing, sources, Utc::now())
        .await
        .expect("report");
    assert!(report.students.is_empty() && report.rows.is_empty());
    let text = export::csv(&report, DEFAULT_TIMEZONE).expect("csv");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(heatmap::png(&report, DEFAULT_TIMEZONE).is_ok());
    let summary = export::summary_text(&report, DEFAULT_TIMEZONE);
    assert!(summary.contains("/opdracht Leeg OEFENING"), "{summary}");
}

#[test]
fn the_summary_text_names_completion_averages_and_what_is_missed() {
    let mut report = sample_report(2, 2);
    report.summary = Summary {
        assignment: Some(AssignmentSummary {
            dialogue_id: "x".into(),
            title: "Koffie verkopen".into(),
            given_at: None,
            deadline: None,
            completed: 1,
            students: 2,
            missing: vec!["Bram".into()],
        }),
        werkprocessen: vec![WerkprocesSummary {
            werkproces: "P4-K2-W3".into(),
            title: None,
            students: 2,
            average: Some(66.666),
        }],
        most_missed: vec![Missed {
            nr: 1,
            werkproces: "P4-K2-W3".into(),
            label: "Maakt een afspraak".into(),
            missed: 2,
            tried: 2,
        }],
    };
    let text = export::summary_text(&report, DEFAULT_TIMEZONE);
    assert!(text.contains("Afgerond: 1 van 2"), "{text}");
    assert!(text.contains("Nog niet: Bram"), "{text}");
    assert!(text.contains("66,7"), "{text}");
    assert!(
        text.contains("Maakt een afspraak (P4-K2-W3): 2 van 2"),
        "{text}"
    );
}

#[test]
fn names_with_separators_quotes_and_line_breaks_stay_one_field() {
    let mut report = sample_report(1, 1);
    let name = "Eva \"Evi\"; de Jong\nklas 2";
    report.rows[0].student = name.to_string();
    let text = export::csv(&report, DEFAULT_TIMEZONE).expect("csv");
    let body = text.strip_prefix('\u{feff}').expect("BOM");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].len(), CSV_HEADERS.len());
    assert_eq!(&records[0][2], name);
}
