//! Mermaid flowcharts in the seed's shapes: the roadmap as `flowchart TB`
//! with one subgraph per lane, the impact map as `flowchart LR` goal →
//! actor → impact → deliverable.
//!
//! Node ids are generated (`n1`, `G1`…), never user text, so no title can
//! be read as a keyword (`end`, `subgraph`…). Every label is a quoted
//! string in which the characters Mermaid's lexer or its HTML labels give a
//! meaning to are written as Mermaid entity codes (`#quot;`, `#35;`…), so
//! any title renders as typed.

use crate::domain::impact_map::ImpactMap;
use crate::domain::rice::format_score;
use crate::domain::roadmap::{LanePlan, PlannedItem, lane_title};
use std::fmt::Write;
use std::io;

/// A label's text as the inside of a Mermaid quoted string. Quotes,
/// `#` (the entity marker), `%` (comments), `<`, `>`, `&` (HTML labels),
/// backticks (Markdown strings) become entity codes; line breaks and tabs
/// become spaces; other control characters and bidi overrides are dropped.
/// Brackets, pipes and the word `end` are plain text inside quotes.
pub fn escape_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '%' => out.push_str("#37;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// `id["label"]`.
fn node(id: &str, label: &str) -> String {
    format!("{id}[\"{}\"]", escape_label(label))
}

/// The lane ids of the seed's roadmap diagram.
fn lane_id(lane: crate::domain::backlog::Lane) -> &'static str {
    match lane {
        crate::domain::backlog::Lane::Now => "NOW",
        crate::domain::backlog::Lane::Next => "NEXT",
        crate::domain::backlog::Lane::Later => "LATER",
        _ => "EXPLORING",
    }
}

/// Node numbers as a `class` line lists them, kept as runs of
/// consecutive numbers: a lane's pinned items come first and its slipping
/// items last, so each lane adds one run of each however many items it
/// has.
#[derive(Debug, Default)]
struct NodeRuns(Vec<(usize, usize)>);

impl NodeRuns {
    fn push(&mut self, n: usize) {
        match self.0.last_mut() {
            Some((_, last)) if *last + 1 == n => *last = n,
            _ => self.0.push((n, n)),
        }
    }

    /// `  class n1,n2,n7 NAME;`, nothing when there is no node.
    fn write(&self, out: &mut dyn io::Write, name: &str) -> io::Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        out.write_all(b"  class ")?;
        let mut first = true;
        for &(from, to) in &self.0 {
            for n in from..=to {
                if !first {
                    out.write_all(b",")?;
                }
                first = false;
                write!(out, "n{n}")?;
            }
        }
        writeln!(out, " {name};")
    }
}

/// The roadmap written as its items arrive: one subgraph per lane, headed
/// by its dates and load; items in fill order with their scores; pinned
/// and slipping items say so. Holds no item, so a lane of any size
/// streams through it.
#[derive(Debug, Default)]
pub struct RoadmapDiagram {
    nodes: usize,
    pinned: NodeRuns,
    slipping: NodeRuns,
}

impl RoadmapDiagram {
    /// Starts the diagram.
    pub fn start(out: &mut dyn io::Write) -> io::Result<Self> {
        out.write_all(b"flowchart TB\n")?;
        Ok(Self::default())
    }

    /// Opens a lane's subgraph (its items follow, then [`Self::lane_end`]).
    pub fn lane_start(&mut self, out: &mut dyn io::Write, lane: &LanePlan) -> io::Result<()> {
        let id = lane_id(lane.lane());
        let title = format!(
            "{}: {} · {}",
            lane_title(lane.lane()).to_uppercase(),
            if lane.window.dates.is_some() {
                format!("{} ({})", lane.window.label, lane.window.span())
            } else {
                "no date".to_string()
            },
            lane.load_text()
        );
        writeln!(out, "  subgraph {id} [\"{}\"]", escape_label(&title))?;
        writeln!(out, "    direction TB")
    }

    /// The next item of the open lane, in fill order.
    pub fn item(&mut self, out: &mut dyn io::Write, item: &PlannedItem) -> io::Result<()> {
        self.nodes += 1;
        let node_id = format!("n{}", self.nodes);
        let mut label = format!("{} · {}", item.title, format_score(item.score));
        if let Some(reason) = &item.pin {
            label.push_str(&format!(" · pinned: {reason}"));
            self.pinned.push(self.nodes);
        }
        if item.slipping {
            label.push_str(" · slipping");
            self.slipping.push(self.nodes);
        }
        writeln!(out, "    {}", node(&node_id, &label))
    }

    /// Closes the open lane.
    pub fn lane_end(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(b"  end\n")
    }

    /// Ends the diagram: the links that keep the lanes side by side (as
    /// the seed does) and the classes of pinned and slipping items.
    pub fn finish(self, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(b"  NOW ~~~ NEXT\n  NEXT ~~~ LATER\n  LATER ~~~ EXPLORING\n")?;
        out.write_all(b"  classDef pinned stroke:#1565c0,stroke-width:3px;\n")?;
        out.write_all(b"  classDef slipping fill:#ffebee,stroke:#c62828,stroke-width:2px;\n")?;
        self.pinned.write(out, "pinned")?;
        self.slipping.write(out, "slipping")
    }
}

/// The impact map: goals → actors → impacts → deliverables, with the
/// seed's classes. A deliverable that serves several impacts is one node.
pub fn impact_map(map: &ImpactMap<'_>) -> String {
    let mut out = String::from("flowchart LR\n");
    let mut classes: [Vec<String>; 4] = Default::default();
    let mut edges = Vec::new();
    let mut items: Vec<(String, String)> = Vec::new();
    let (mut a, mut i) = (0, 0);
    for (g, goal) in map.goals.iter().enumerate() {
        let gid = format!("G{}", g + 1);
        let mut label = goal.goal.title.clone();
        if let Some(metric) = &goal.goal.metric {
            label.push_str(&format!(" · metric: {metric}"));
        }
        let _ = writeln!(out, "  {}", node(&gid, &label));
        classes[0].push(gid.clone());
        for actor in &goal.actors {
            a += 1;
            let aid = format!("A{a}");
            let _ = writeln!(out, "  {}", node(&aid, &actor.actor.name));
            classes[1].push(aid.clone());
            edges.push(format!("{gid} --> {aid}"));
            for impact in &actor.impacts {
                i += 1;
                let iid = format!("I{i}");
                let _ = writeln!(out, "  {}", node(&iid, &impact.impact.name));
                classes[2].push(iid.clone());
                edges.push(format!("{aid} --> {iid}"));
                for item in &impact.items {
                    let did = match items.iter().find(|(id, _)| *id == item.id) {
                        Some((_, did)) => did.clone(),
                        None => {
                            let did = format!("D{}", items.len() + 1);
                            let label = format!("{} · {}", item.title, format_score(item.score()));
                            let _ = writeln!(out, "  {}", node(&did, &label));
                            classes[3].push(did.clone());
                            items.push((item.id.clone(), did.clone()));
                            did
                        }
                    };
                    edges.push(format!("{iid} --> {did}"));
                }
            }
        }
    }
    for edge in edges {
        let _ = writeln!(out, "  {edge}");
    }
    out.push_str(
        "  classDef goal fill:#e1f5fe,stroke:#03a9f4,stroke-width:2px;\n  \
         classDef actor fill:#f3e5f5,stroke:#9c27b0,stroke-width:2px;\n  \
         classDef impact fill:#e8f5e9,stroke:#4caf50,stroke-width:2px;\n  \
         classDef deliverable fill:#fff3e0,stroke:#ff9800,stroke-width:2px;\n",
    );
    for (ids, class) in classes
        .iter()
        .zip(["goal", "actor", "impact", "deliverable"])
    {
        if !ids.is_empty() {
            let _ = writeln!(out, "  class {} {class};", ids.join(","));
        }
    }
    out
}

/// Checks a flowchart against the subset of Mermaid's flowchart grammar
/// these writers use; returns the first line that breaks it. The tests run
/// every output through it: a generated id never a keyword, every label a
/// quoted string whose `#` only starts entity codes and that holds nothing
/// Mermaid's lexer or HTML labels would read, subgraphs closed by `end`.
pub fn check_grammar(text: &str) -> Result<(), String> {
    const KEYWORDS: [&str; 12] = [
        "end",
        "subgraph",
        "graph",
        "flowchart",
        "style",
        "class",
        "classDef",
        "click",
        "call",
        "linkStyle",
        "default",
        "direction",
    ];
    fn id_ok(id: &str) -> bool {
        !id.is_empty()
            && id.chars().all(|c| c.is_ascii_alphanumeric())
            && id.starts_with(|c: char| c.is_ascii_alphabetic())
            && !KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(id))
    }
    /// A quoted label: `"…"` with no quote, line break, `%`, `<`, `>`,
    /// backtick or control inside, and every `#` starting an entity code.
    fn label_ok(quoted: &str) -> bool {
        let Some(inner) = quoted.strip_prefix('"').and_then(|q| q.strip_suffix('"')) else {
            return false;
        };
        if inner.chars().any(|c| {
            matches!(c, '"' | '%' | '<' | '>' | '`' | '&') || c.is_control() || is_bidi_control(c)
        }) {
            return false;
        }
        let mut rest = inner;
        while let Some(at) = rest.find('#') {
            let after = &rest[at + 1..];
            let Some(end) = after.find(';') else {
                return false;
            };
            let code = &after[..end];
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
                return false;
            }
            rest = &after[end + 1..];
        }
        true
    }
    fn node_ok(text: &str) -> bool {
        match text.find('[') {
            Some(open) => {
                id_ok(&text[..open])
                    && text.ends_with(']')
                    && label_ok(&text[open + 1..text.len() - 1])
            }
            None => false,
        }
    }
    let mut lines = text.lines();
    match lines.next() {
        Some("flowchart TB" | "flowchart LR") => {}
        other => return Err(format!("first line must be a flowchart header: {other:?}")),
    }
    let mut depth = 0i32;
    for line in lines {
        let t = line.trim();
        let ok = if let Some(rest) = t.strip_prefix("subgraph ") {
            depth += 1;
            match rest.split_once(' ') {
                Some((id, title)) => {
                    id_ok(id)
                        && title.starts_with('[')
                        && title.ends_with(']')
                        && label_ok(&title[1..title.len() - 1])
                }
                None => id_ok(rest),
            }
        } else if t == "end" {
            depth -= 1;
            depth >= 0
        } else if t == "direction TB" || t == "direction LR" {
            depth > 0
        } else if let Some(rest) = t.strip_prefix("classDef ") {
            rest.strip_suffix(';')
                .and_then(|r| r.split_once(' '))
                .is_some_and(|(name, style)| {
                    id_ok(name)
                        && !style.contains([' ', '"', ';'])
                        && style.split(',').all(|p| p.contains(':'))
                })
        } else if let Some(rest) = t.strip_prefix("class ") {
            rest.strip_suffix(';')
                .and_then(|r| r.split_once(' '))
                .is_some_and(|(ids, name)| ids.split(',').all(id_ok) && id_ok(name))
        } else if t.contains(" --> ") {
            t.split(" --> ").all(id_ok)
        } else if t.contains(" ~~~ ") {
            t.split(" ~~~ ").all(id_ok)
        } else {
            node_ok(t)
        };
        if !ok {
            return Err(format!("line breaks the grammar: {line:?}"));
        }
    }
    if depth != 0 {
        return Err("a subgraph is not closed with end".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_escape_what_mermaid_would_read() {
        assert_eq!(escape_label("Faster CI pipelines"), "Faster CI pipelines");
        assert_eq!(
            escape_label("say \"hi\" [x] | C# 100% <b> & `md`"),
            "say #quot;hi#quot; [x] | C#35; 100#37; #lt;b#gt; #amp; #96;md#96;"
        );
        assert_eq!(
            escape_label("two\nlines\r\tand\u{1b}[31m"),
            "two lines  and[31m"
        );
        assert_eq!(escape_label("end"), "end");
    }

    #[test]
    fn the_grammar_check_refuses_what_would_break() {
        assert!(check_grammar("flowchart LR\n  G1[\"ok #35; fine\"]\n").is_ok());
        for bad in [
            "flowchart LR\n  end[\"x\"]\n",
            "flowchart LR\n  G1[\"a \"quote\" b\"]\n",
            "flowchart LR\n  G1[\"C# x\"]\n",
            "flowchart LR\n  G1[\"100% sure\"]\n",
            "flowchart LR\n  G1[x]\n",
            "flowchart TB\n  subgraph NOW [\"x\"]\n",
            "graph LR\n",
        ] {
            assert!(check_grammar(bad).is_err(), "{bad}");
        }
    }
}
