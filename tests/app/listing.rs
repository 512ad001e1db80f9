//! `backlog list` in every format on one fixture, captured before the
//! formats were streamed: the output must stay byte for byte the same.

use super::TempDb;

/// Ties in score (broken by creation order), closed lanes, wide and narrow
/// characters, markdown and JSON specials, tags, tracker keys with and without a
/// page, and a killed item.
const FIXTURE: &str = "\
id,title,reach,impact,confidence,effort,lane,tags,description,kill_reason,key,url
11111111-0000-4000-8000-000000000001,Faster CI,1000,2,80,4,now,ci dx,why it matters,,,
11111111-0000-4000-8000-000000000002,数据库 migration 🚀,500,3,100,2,next,db,,,PLAT-7,https://example.atlassian.net/browse/PLAT-7
11111111-0000-4000-8000-000000000003,Tie first,10,1,50,1,inbox,,,,,
11111111-0000-4000-8000-000000000004,Tie second,10,1,50,1,later,,,,,
11111111-0000-4000-8000-000000000005,Shipped thing,2000,3,100,1,done,ci,,,owner/repo#12,https://github.com/owner/repo/issues/12
11111111-0000-4000-8000-000000000006,Dropped idea,3000,0.25,50,8,killed,,,no longer needed,,
11111111-0000-4000-8000-000000000007,\"Pipes | and *stars* and back\\slash\",7,0.5,80,0.5,exploring,k8s,,,PLAT-9,
11111111-0000-4000-8000-000000000008,Zero reach,0,1,100,3,inbox,dx,,,,
";

fn fixture() -> TempDb {
    let db = TempDb::new();
    let file = db.dir.path().join("fixture.csv");
    std::fs::write(&file, FIXTURE).unwrap();
    db.ok(&["backlog", "import", file.to_str().unwrap()]);
    db
}

#[test]
fn every_format_is_unchanged() {
    let db = fixture();
    let mut shown = String::new();
    for format in ["table", "csv", "json", "md", "jira"] {
        for extra in [
            &[][..],
            &["--all"][..],
            &["--lane", "killed", "--lane", "now"][..],
        ] {
            let mut args = vec!["backlog", "list", "--format", format];
            args.extend_from_slice(extra);
            shown.push_str(&format!("$ {}\n", args.join(" ")));
            shown.push_str(&db.ok(&args));
        }
    }
    insta::assert_snapshot!(shown);
}

#[test]
fn an_empty_backlog_says_how_to_start() {
    let db = TempDb::new();
    let mut shown = String::new();
    for format in ["table", "csv", "json", "md", "jira"] {
        for extra in [&[][..], &["--all"][..]] {
            let mut args = vec!["backlog", "list", "--format", format];
            args.extend_from_slice(extra);
            shown.push_str(&format!("$ {}\n", args.join(" ")));
            shown.push_str(&db.ok(&args));
        }
    }
    insta::assert_snapshot!(shown);
}
