//! The Interview pane's editor and popups: what keys and pastes do while
//! the note editor or a popup has focus, and the hints for the status bar.

use super::*;

impl InterviewPane {
    /// Keys while the note editor or a popup has focus.
    pub fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) {
        if self.list.is_filtering() {
            self.list.filter_key(key);
            return;
        }
        let offset = self.offset_now(ctx);
        let now = ctx.clock.monotonic();
        if let Some(running) = self.running.as_mut()
            && let Some(note) = running.note.as_mut()
        {
            if key.code == KeyCode::Esc {
                // Focus leaves: save now.
                save_note(running, offset, ctx);
                running.note = None;
            } else if note.area.input(key) {
                note.dirty_since.get_or_insert(now);
            }
            return;
        }
        let Some(overlay) = self.overlay.take() else {
            return;
        };
        self.overlay = match overlay {
            Overlay::NewInterview(mut form) => match form.handle_key(key) {
                FormOutcome::Editing => Some(Overlay::NewInterview(form)),
                FormOutcome::Cancel => None,
                FormOutcome::Submit => self.submit_new(form, ctx),
            },
            Overlay::Quote {
                mut prompt,
                question,
                offset_ms,
            } => match key.code {
                KeyCode::Esc => None,
                KeyCode::Enter => {
                    let text = prompt.input.text().trim().to_string();
                    if text.is_empty() {
                        prompt.error = Some("a quote needs their words".into());
                        Some(Overlay::Quote {
                            prompt,
                            question,
                            offset_ms,
                        })
                    } else {
                        let id = self
                            .running
                            .as_ref()
                            .map(|r| r.record.interview.id.clone())
                            .unwrap_or_default();
                        match ctx
                            .store
                            .add_quote(&id, question, offset_ms, &text, ctx.clock.now())
                        {
                            Ok(note_id) => {
                                if let Some(r) = self.running.as_mut() {
                                    r.record.notes.push(crate::domain::interview::Note {
                                        id: note_id,
                                        question,
                                        kind: crate::domain::interview::NoteKind::Quote,
                                        offset_ms,
                                        text,
                                    });
                                }
                                ctx.status.info("Quote saved");
                                None
                            }
                            Err(e) => {
                                prompt.error = Some(format!("not saved: {e:#}"));
                                Some(Overlay::Quote {
                                    prompt,
                                    question,
                                    offset_ms,
                                })
                            }
                        }
                    }
                }
                _ => {
                    prompt.input.handle_key(key);
                    prompt.error = None;
                    Some(Overlay::Quote {
                        prompt,
                        question,
                        offset_ms,
                    })
                }
            },
            Overlay::Ranking(mut prompt) => match key.code {
                KeyCode::Esc => None,
                KeyCode::Enter => match self.save_ranking(prompt.input.text(), ctx) {
                    Ok(()) => None,
                    Err(message) => {
                        prompt.error = Some(message);
                        Some(Overlay::Ranking(prompt))
                    }
                },
                _ => {
                    prompt.input.handle_key(key);
                    prompt.error = None;
                    Some(Overlay::Ranking(prompt))
                }
            },
            Overlay::End => match confirm::answer(key) {
                None => Some(Overlay::End),
                Some(false) => None,
                Some(true) => {
                    self.end(ctx);
                    self.overlay.take()
                }
            },
            Overlay::Resume(interview) => self.resume_key(key, interview, ctx),
            Overlay::Summary(mut doc) => {
                let page = ctx.body.height.saturating_sub(2);
                doc.handle_key(key, page).then_some(Overlay::Summary(doc))
            }
        };
    }
    /// Reads "b a c" (letters of the options, best first) and stores the order.
    fn save_ranking(&mut self, text: &str, ctx: &mut Ctx<'_>) -> Result<(), String> {
        let Some(running) = self.running.as_mut() else {
            return Ok(());
        };
        let options = running.record.interview.placeholders.options();
        let mut order = Vec::new();
        for word in text.split([' ', ',', '>']).filter(|w| !w.is_empty()) {
            let index = match word.to_lowercase().as_str() {
                "a" | "1" => 0,
                "b" | "2" => 1,
                "c" | "3" => 2,
                _ => {
                    return Err(format!(
                        "'{word}' is not an option: use a, b and c, best first"
                    ));
                }
            };
            if order.contains(&index) {
                return Err(format!("'{word}' appears twice"));
            }
            order.push(index);
        }
        if order.is_empty() {
            return Err("type the options' letters, best first (e.g. b a c)".into());
        }
        let ranking: Vec<String> = order
            .into_iter()
            .filter_map(|i| options.get(i).cloned())
            .collect();
        let id = running.record.interview.id.clone();
        ctx.store
            .set_ranking(&id, &ranking, ctx.clock.now())
            .map_err(|e| format!("not saved: {e:#}"))?;
        ctx.status
            .info(format!("Ranking saved: {}", ranking.join(" > ")));
        running.record.interview.ranking = ranking;
        Ok(())
    }
    fn resume_key(
        &mut self,
        key: KeyEvent,
        interview: Interview,
        ctx: &mut Ctx<'_>,
    ) -> Option<Overlay> {
        match key.code {
            KeyCode::Char('c') | KeyCode::Enter => {
                let offset = ctx.store.interview_last_offset(&interview.id).unwrap_or(0);
                ctx.status.info(format!(
                    "Continuing with {} at {} — the time away is not counted",
                    interview.participant,
                    format_offset(offset)
                ));
                self.activate(interview, offset, ctx);
                None
            }
            KeyCode::Char('e') => {
                let offset = ctx.store.interview_last_offset(&interview.id).unwrap_or(0);
                match ctx
                    .store
                    .end_interview(&interview.id, offset, ctx.clock.now())
                {
                    Ok(_) => {
                        ctx.status.info(format!(
                            "Ended the interview with {} at {}",
                            interview.participant,
                            format_offset(offset)
                        ));
                        self.reload_list(ctx);
                        None
                    }
                    Err(e) => {
                        ctx.status.failed("Could not end it", &e);
                        Some(Overlay::Resume(interview))
                    }
                }
            }
            KeyCode::Esc => {
                ctx.status
                    .info("Left unfinished: it is offered again next time");
                None
            }
            _ => Some(Overlay::Resume(interview)),
        }
    }
    pub fn paste(&mut self, text: &str, ctx: &mut Ctx<'_>) {
        if self.list.is_filtering() {
            self.list.paste(text);
            return;
        }
        let now = ctx.clock.monotonic();
        if let Some(note) = self.running.as_mut().and_then(|r| r.note.as_mut()) {
            // ratatui-textarea ignores paste events: insert the text whole.
            if note.area.insert_str(text) {
                note.dirty_since.get_or_insert(now);
            }
            return;
        }
        match self.overlay.as_mut() {
            Some(Overlay::NewInterview(form)) => form.paste(text),
            Some(Overlay::Quote { prompt, .. } | Overlay::Ranking(prompt)) => {
                prompt.input.paste(text);
            }
            _ => {}
        }
    }
    pub fn mode_hints(&self) -> Option<&'static [(&'static str, &'static str)]> {
        if self.list.is_filtering() {
            return Some(&[("Enter", "keep filter"), ("Esc", "clear filter")]);
        }
        if self.running.as_ref().is_some_and(|r| r.note.is_some()) {
            return Some(&[
                ("Esc", "close the note (it is saved)"),
                ("Enter", "new line"),
            ]);
        }
        match &self.overlay {
            Some(Overlay::NewInterview(_)) => Some(&[
                ("Tab/↓", "next field"),
                ("Ctrl-S", "start"),
                ("Esc", "cancel"),
            ]),
            Some(Overlay::Quote { .. } | Overlay::Ranking(_)) => {
                Some(&[("Enter", "save"), ("Esc", "cancel")])
            }
            Some(Overlay::End) => Some(&[("y/Enter", "end interview"), ("n/Esc", "keep going")]),
            Some(Overlay::Resume(_)) => {
                Some(&[("c", "continue"), ("e", "end it there"), ("Esc", "later")])
            }
            Some(Overlay::Summary(_)) => {
                Some(&[("j/k", "scroll"), ("PgDn/PgUp", "page"), ("Esc/v", "close")])
            }
            None if self.running.is_none() => Some(&[
                ("n", "new interview"),
                ("j/k", "select"),
                ("v", "summary"),
                ("/", "filter"),
                ("?", "help"),
                ("q", "quit"),
            ]),
            None => Some(&[
                ("Space", "next"),
                ("←", "back"),
                ("Enter", "note"),
                ("\"", "quote"),
                ("t", "talking"),
                ("r", "ranking"),
                ("E", "end"),
                ("?", "help"),
                ("q", "quit"),
            ]),
        }
    }
}
