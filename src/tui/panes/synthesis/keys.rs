//! The Synthesis pane's editor and popups: what keys and pastes do while
//! one has focus — the new synthesis (title, then sources), the entry
//! editor, promotion to the backlog, documents — and the status-bar hints.

use super::*;
use crate::domain::time::local_date;

impl SynthesisPane {
    pub fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) {
        if self.list.is_filtering() {
            self.list.filter_key(key);
            return;
        }
        let now = ctx.clock.monotonic();
        if let Some(editor) = self.open.as_mut().and_then(|o| o.editor.as_mut()) {
            if key.code == KeyCode::Esc {
                let id = self.save_editor(ctx);
                if let Some(open) = self.open.as_mut() {
                    open.editor = None;
                }
                self.reload_open(id.as_deref(), ctx);
            } else if editor.area.input(key) {
                editor.dirty_since.get_or_insert(now);
            }
            return;
        }
        let Some(overlay) = self.overlay.take() else {
            return;
        };
        self.overlay = match overlay {
            Overlay::Title(mut prompt) => match key.code {
                KeyCode::Esc => None,
                KeyCode::Enter => {
                    let title = prompt.input.text().trim().to_string();
                    if title.is_empty() {
                        prompt.error = Some("a title helps find it later".into());
                        Some(Overlay::Title(prompt))
                    } else {
                        self.sources_overlay(title, ctx)
                    }
                }
                _ => {
                    prompt.input.handle_key(key);
                    prompt.error = None;
                    Some(Overlay::Title(prompt))
                }
            },
            Overlay::Sources {
                title,
                options,
                mut checked,
                mut cursor,
            } => match key.code {
                KeyCode::Esc => None,
                KeyCode::Char('j') | KeyCode::Down => {
                    cursor = (cursor + 1).min(options.len().saturating_sub(1));
                    Some(Overlay::Sources {
                        title,
                        options,
                        checked,
                        cursor,
                    })
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    cursor = cursor.saturating_sub(1);
                    Some(Overlay::Sources {
                        title,
                        options,
                        checked,
                        cursor,
                    })
                }
                KeyCode::Char(' ') | KeyCode::Char('x') => {
                    if let Some(c) = checked.get_mut(cursor) {
                        *c = !*c;
                    }
                    Some(Overlay::Sources {
                        title,
                        options,
                        checked,
                        cursor,
                    })
                }
                KeyCode::Enter => {
                    let picked: Vec<(SourceKind, String)> = options
                        .iter()
                        .zip(&checked)
                        .filter(|(_, c)| **c)
                        .map(|((kind, id, _), _)| (*kind, id.clone()))
                        .collect();
                    if picked.is_empty() {
                        ctx.status
                            .error("Pick at least one interview or session (Space)");
                        Some(Overlay::Sources {
                            title,
                            options,
                            checked,
                            cursor,
                        })
                    } else {
                        self.create(&title, &picked, ctx);
                        None
                    }
                }
                _ => Some(Overlay::Sources {
                    title,
                    options,
                    checked,
                    cursor,
                }),
            },
            Overlay::Delete { entry_id } => match confirm::answer(key) {
                None => Some(Overlay::Delete { entry_id }),
                Some(false) => None,
                Some(true) => {
                    match ctx.store.delete_entry(&entry_id) {
                        Ok(()) => {
                            ctx.status
                                .info("Entry deleted; the quotes it linked are untouched");
                            self.reload_open(None, ctx);
                        }
                        Err(e) => ctx.status.failed("Not deleted", &e),
                    }
                    None
                }
            },
            Overlay::Promote { mut form, entry_id } => match form.handle_key(key) {
                FormOutcome::Editing => {
                    item_form::refresh_preview(&mut form);
                    Some(Overlay::Promote { form, entry_id })
                }
                FormOutcome::Cancel => None,
                FormOutcome::Submit => match item_form::new_item(&form) {
                    Err(errors) => {
                        form.set_errors(errors);
                        Some(Overlay::Promote { form, entry_id })
                    }
                    Ok(new) => match ctx.store.promote_entry(&entry_id, &new, ctx.clock.now()) {
                        Ok(item) => {
                            let n = ctx
                                .store
                                .item_evidence(&item.id)
                                .map(|e| e.len())
                                .unwrap_or(0);
                            let pieces = if n == 1 { "piece" } else { "pieces" };
                            ctx.status.info(format!(
                                "'{}' is on the backlog with {n} {pieces} of evidence — 1 shows it",
                                item.title
                            ));
                            ctx.changed.backlog_item = Some(item.id);
                            None
                        }
                        Err(e) => {
                            ctx.status.failed("Not promoted", &e);
                            Some(Overlay::Promote { form, entry_id })
                        }
                    },
                },
            },
            Overlay::View(mut doc) => {
                let page = ctx.body.height.saturating_sub(2);
                doc.handle_key(key, page).then_some(Overlay::View(doc))
            }
        };
    }
    fn sources_overlay(&mut self, title: String, ctx: &mut Ctx<'_>) -> Option<Overlay> {
        let (interviews, sessions) = match ctx
            .store
            .interviews()
            .and_then(|i| Ok((i, ctx.store.sessions()?)))
        {
            Ok(both) => both,
            Err(e) => {
                ctx.status
                    .error(format!("Could not read the sources: {e:#}"));
                return None;
            }
        };
        let mut options = Vec::new();
        for i in interviews {
            let who = if i.team.is_empty() {
                i.participant.clone()
            } else {
                format!("{} ({})", i.participant, i.team)
            };
            options.push((
                SourceKind::Interview,
                i.id.clone(),
                format!(
                    "interview  {}  {who}",
                    local_date(&i.started_at, &self.zone)
                ),
            ));
        }
        for s in sessions {
            options.push((
                SourceKind::Shadowing,
                s.id.clone(),
                format!(
                    "shadowing  {}  {} — {}",
                    local_date(&s.started_at, &self.zone),
                    s.participant,
                    s.workflow
                ),
            ));
        }
        if options.is_empty() {
            ctx.status
                .error("No interviews or shadowing sessions yet: run one first (3 or 2)");
            return None;
        }
        let checked = vec![false; options.len()];
        Some(Overlay::Sources {
            title,
            options,
            checked,
            cursor: 0,
        })
    }
    /// Creates the synthesis, carrying over the interviews' assumptions.
    fn create(&mut self, title: &str, sources: &[(SourceKind, String)], ctx: &mut Ctx<'_>) {
        let now = ctx.clock.now();
        let created = ctx
            .store
            .create_synthesis(title, sources, now)
            .and_then(|s| {
                for (kind, id) in sources {
                    if *kind == SourceKind::Interview
                        && let Some(interview) = ctx.store.interview(id)?
                    {
                        for assumption in &interview.assumptions {
                            ctx.store
                                .add_entry(&s.id, Section::Assumption, assumption, now)?;
                        }
                    }
                }
                Ok(s.id)
            });
        match created {
            Ok(id) => {
                self.syntheses = ctx.store.syntheses().unwrap_or_default();
                self.list.clear_filter();
                self.list.select(0, &self.listed());
                self.open_synthesis(&id, ctx);
                ctx.status
                    .info("→ sources · Q links the selected quote · a adds an entry · b promotes");
            }
            Err(e) => ctx.status.failed("Not created", &e),
        }
    }
    pub fn paste(&mut self, text: &str, ctx: &mut Ctx<'_>) {
        if self.list.is_filtering() {
            self.list.paste(text);
            return;
        }
        let now = ctx.clock.monotonic();
        if let Some(editor) = self.open.as_mut().and_then(|o| o.editor.as_mut()) {
            if editor.area.insert_str(text) {
                editor.dirty_since.get_or_insert(now);
            }
            return;
        }
        match self.overlay.as_mut() {
            Some(Overlay::Title(prompt)) => {
                prompt.input.paste(text);
            }
            Some(Overlay::Promote { form, .. }) => form.paste(text),
            _ => {}
        }
    }
    pub fn mode_hints(&self) -> Option<&'static [(&'static str, &'static str)]> {
        if self.list.is_filtering() {
            return Some(&[("Enter", "keep filter"), ("Esc", "clear filter")]);
        }
        if self.open.as_ref().is_some_and(|o| o.editor.is_some()) {
            return Some(&[("Esc", "close (it is saved)"), ("Enter", "new line")]);
        }
        match &self.overlay {
            Some(Overlay::Title(_)) => {
                return Some(&[("Enter", "next: sources"), ("Esc", "cancel")]);
            }
            Some(Overlay::Sources { .. }) => {
                return Some(&[
                    ("Space", "pick"),
                    ("j/k", "move"),
                    ("Enter", "create"),
                    ("Esc", "cancel"),
                ]);
            }
            Some(Overlay::Delete { .. }) => {
                return Some(&[("y/Enter", "delete"), ("n/Esc", "keep")]);
            }
            Some(Overlay::Promote { .. }) => {
                return Some(&[
                    ("Tab/↓", "next field"),
                    ("Ctrl-S", "promote"),
                    ("Esc", "cancel"),
                ]);
            }
            Some(Overlay::View(_)) => return Some(&[("j/k", "scroll"), ("Esc", "close")]),
            None => {}
        }
        match &self.open {
            None => Some(&[
                ("n", "new synthesis"),
                ("Enter", "open"),
                ("j/k", "select"),
                ("/", "filter"),
                ("?", "help"),
                ("q", "quit"),
            ]),
            Some(open) if open.focus == Focus::Sources => Some(&[
                ("j/k", "browse"),
                ("Q", "link to entry"),
                ("←", "entries"),
                ("Esc", "list"),
                ("?", "help"),
            ]),
            Some(_) => Some(&[
                ("a", "add"),
                ("e", "edit"),
                ("→", "sources"),
                ("Q", "link quote"),
                ("K/J", "reorder"),
                ("+/-", "verdict"),
                ("b", "to backlog"),
                ("T", "tally"),
                ("v", "view"),
                ("?", "help"),
            ]),
        }
    }
}
