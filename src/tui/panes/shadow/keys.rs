//! The Shadow pane's popups: what keys and pastes do while one has focus
//! (the stamp's text, the new-session form, confirmations, the resume
//! offer, the summary), and the hints for the status bar.

use super::*;

impl ShadowPane {
    /// Keys while a popup has focus.
    pub fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) {
        if self.list.is_filtering() {
            self.list.filter_key(key);
            return;
        }
        let Some(overlay) = self.overlay.take() else {
            return;
        };
        self.overlay = match overlay {
            Overlay::NewSession(mut form) => match form.handle_key(key) {
                FormOutcome::Editing => Some(Overlay::NewSession(form)),
                FormOutcome::Cancel => None,
                FormOutcome::Submit => {
                    match NewSession::parse(form.text(0), form.text(1), form.text(2), form.text(3))
                    {
                        Ok(new) => match ctx.store.create_session(&new, ctx.clock.now()) {
                            Ok(session) => {
                                ctx.status.info(format!(
                                    "Shadowing {} — the clock is running. f friction · t tool · s switch · i wish · o note · w wait",
                                    session.participant
                                ));
                                self.activate(session, 0, true, ctx);
                                self.reload_sessions(ctx);
                                None
                            }
                            Err(e) => {
                                ctx.status.failed("Not started", &e);
                                Some(Overlay::NewSession(form))
                            }
                        },
                        Err(e) => {
                            let index = match e.field.as_str() {
                                "participant" => 0,
                                "workflow" => 1,
                                "researcher's guess" => 2,
                                _ => 3,
                            };
                            form.set_errors(vec![(index, e.message)]);
                            Some(Overlay::NewSession(form))
                        }
                    }
                }
            },
            Overlay::Text {
                mut prompt,
                event_id,
                kind,
            } => match key.code {
                KeyCode::Esc => None,
                KeyCode::Enter => {
                    let text = prompt.input.text().trim().to_string();
                    match ctx.store.set_event_text(&event_id, &text, ctx.clock.now()) {
                        Ok(()) => {
                            if let Some(e) = self
                                .active
                                .as_mut()
                                .and_then(|a| a.events.iter_mut().find(|e| e.id == event_id))
                            {
                                e.text = text;
                            }
                            None
                        }
                        Err(e) => {
                            prompt.error = Some(format!("not saved: {e:#}"));
                            Some(Overlay::Text {
                                prompt,
                                event_id,
                                kind,
                            })
                        }
                    }
                }
                KeyCode::Tab if kind == EventKind::Tool => {
                    let tools = self.active.as_ref().map(Active::tools).unwrap_or_default();
                    if let Some(done) = complete_tool(prompt.input.text(), &tools) {
                        let mut input = crate::tui::widgets::line_input::LineInput::new(done);
                        input.set_cursor_visible(true);
                        prompt.input = input;
                    }
                    Some(Overlay::Text {
                        prompt,
                        event_id,
                        kind,
                    })
                }
                _ => {
                    prompt.input.handle_key(key);
                    Some(Overlay::Text {
                        prompt,
                        event_id,
                        kind,
                    })
                }
            },
            Overlay::End => match confirm::answer(key) {
                None => Some(Overlay::End),
                Some(false) => None,
                Some(true) => {
                    self.end_session(ctx);
                    self.overlay.take()
                }
            },
            Overlay::Delete { event_id } => match confirm::answer(key) {
                None => Some(Overlay::Delete { event_id }),
                Some(false) => None,
                Some(true) => {
                    match ctx.store.delete_event(&event_id, ctx.clock.now()) {
                        Ok(()) => {
                            if let Some(active) = self.active.as_mut() {
                                active.events.retain(|e| e.id != event_id);
                                active.selected = None;
                            }
                            ctx.status.info("Event deleted");
                        }
                        Err(e) => ctx.status.failed("Not deleted", &e),
                    }
                    None
                }
            },
            Overlay::Resume { session } => self.resume_key(key, session, ctx),
            Overlay::Summary(mut doc) => {
                let page = ctx.body.height.saturating_sub(2);
                doc.handle_key(key, page).then_some(Overlay::Summary(doc))
            }
        };
    }
    /// `c` continues (the time away counts as paused), `e` ends the session
    /// at its last event, Esc decides later. Nothing is lost either way.
    fn resume_key(
        &mut self,
        key: KeyEvent,
        session: Session,
        ctx: &mut Ctx<'_>,
    ) -> Option<Overlay> {
        match key.code {
            KeyCode::Char('c') | KeyCode::Enter => {
                let offset = ctx.store.last_known_offset(&session.id).unwrap_or(0);
                let since: jiff::Timestamp = session
                    .updated_at
                    .parse()
                    .unwrap_or_else(|_| ctx.clock.now());
                let recorded = ctx
                    .store
                    .pause_session(&session.id, offset, "interrupted", since)
                    .and_then(|()| ctx.store.resume_session(&session.id, ctx.clock.now()));
                match recorded {
                    Ok(()) => {
                        ctx.status.info(format!(
                            "Continuing {} at {} — the time away counts as paused",
                            session.participant,
                            format_offset(offset)
                        ));
                        self.activate(session, offset, true, ctx);
                        None
                    }
                    Err(e) => {
                        ctx.status.failed("Could not continue", &e);
                        Some(Overlay::Resume { session })
                    }
                }
            }
            KeyCode::Char('e') => {
                let offset = ctx.store.last_event_offset(&session.id).unwrap_or(0);
                match ctx.store.end_session(&session.id, offset, ctx.clock.now()) {
                    Ok(_) => {
                        ctx.status.info(format!(
                            "Ended the session with {} at its last event ({})",
                            session.participant,
                            format_offset(offset)
                        ));
                        self.reload_sessions(ctx);
                        None
                    }
                    Err(e) => {
                        ctx.status.failed("Could not end it", &e);
                        Some(Overlay::Resume { session })
                    }
                }
            }
            KeyCode::Esc => {
                ctx.status
                    .info("Left unfinished: it is offered again next time");
                None
            }
            _ => Some(Overlay::Resume { session }),
        }
    }
    pub fn paste(&mut self, text: &str) {
        if self.list.is_filtering() {
            self.list.paste(text);
            return;
        }
        match self.overlay.as_mut() {
            Some(Overlay::NewSession(form)) => form.paste(text),
            Some(Overlay::Text { prompt, .. }) => {
                prompt.input.paste(text);
            }
            _ => {}
        }
    }
    /// The keys that matter now, for the status bar.
    pub fn mode_hints(&self) -> Option<&'static [(&'static str, &'static str)]> {
        if self.list.is_filtering() {
            return Some(&[("Enter", "keep filter"), ("Esc", "clear filter")]);
        }
        match &self.overlay {
            Some(Overlay::NewSession(_)) => Some(&[
                ("Tab/↓", "next field"),
                ("Ctrl-S", "start"),
                ("Esc", "cancel"),
            ]),
            Some(Overlay::Text {
                kind: EventKind::Tool,
                ..
            }) => Some(&[
                ("Enter", "save"),
                ("Tab", "complete"),
                ("Esc", "keep stamp without text"),
            ]),
            Some(Overlay::Text { .. }) => {
                Some(&[("Enter", "save"), ("Esc", "keep stamp without text")])
            }
            Some(Overlay::End) => Some(&[("y/Enter", "end session"), ("n/Esc", "keep going")]),
            Some(Overlay::Delete { .. }) => Some(&[("y/Enter", "delete"), ("n/Esc", "keep")]),
            Some(Overlay::Resume { .. }) => Some(&[
                ("c", "continue"),
                ("e", "end at last event"),
                ("Esc", "later"),
            ]),
            Some(Overlay::Summary(_)) => {
                Some(&[("j/k", "scroll"), ("PgDn/PgUp", "page"), ("Esc/v", "close")])
            }
            None if self.active.is_none() => Some(&[
                ("n", "new session"),
                ("j/k", "select"),
                ("v", "summary"),
                ("/", "filter"),
                ("?", "help"),
                ("q", "quit"),
            ]),
            None => Some(&[
                ("f", "friction"),
                ("t", "tool"),
                ("s", "switch"),
                ("i", "wish"),
                ("o", "note"),
                ("w", "wait"),
                ("p", "pause"),
                ("E", "end"),
                ("v", "summary"),
                ("?", "help"),
                ("q", "quit"),
            ]),
        }
    }
}
