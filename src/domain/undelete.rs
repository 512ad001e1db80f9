//! How a deleted record is brought back from the command line. The app's
//! "Deleted" message and the CLI's delete confirmation both name the
//! command, so a user who missed `u` can still undo, and `… list
//! --deleted` finds the id later.

/// A deleted record, by what `undelete` takes: an id, or a script's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted<'a> {
    Item(&'a str),
    Session(&'a str),
    Interview(&'a str),
    Synthesis(&'a str),
    Script(&'a str),
}

/// The first 8 characters of an id: enough for `undelete`.
pub fn short_id(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

impl Deleted<'_> {
    /// The command that brings it back, as the user would type it (a
    /// script's name quoted for a shell).
    pub fn undelete_command(self) -> String {
        match self {
            Deleted::Item(id) => format!("fieldkit backlog undelete {}", short_id(id)),
            Deleted::Session(id) => format!("fieldkit shadow undelete {}", short_id(id)),
            Deleted::Interview(id) => format!("fieldkit interview undelete {}", short_id(id)),
            Deleted::Synthesis(id) => format!("fieldkit synthesis undelete {}", short_id(id)),
            Deleted::Script(name) => {
                format!("fieldkit script undelete '{}'", name.replace('\'', r"'\''"))
            }
        }
    }

    /// The app's message after a delete: `u` first, then the command for
    /// later, then what went (last, as a long title is what gets cut).
    pub fn message(self, what: &str) -> String {
        format!(
            "Deleted (u undoes; later: {}): {what}",
            self.undelete_command()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_record_names_its_own_command_and_short_id() {
        let id = "1a2b3c4d-0000-4000-8000-000000000000";
        assert_eq!(
            Deleted::Item(id).undelete_command(),
            "fieldkit backlog undelete 1a2b3c4d"
        );
        assert_eq!(
            Deleted::Session(id).undelete_command(),
            "fieldkit shadow undelete 1a2b3c4d"
        );
        assert_eq!(
            Deleted::Interview(id).undelete_command(),
            "fieldkit interview undelete 1a2b3c4d"
        );
        assert_eq!(
            Deleted::Synthesis(id).undelete_command(),
            "fieldkit synthesis undelete 1a2b3c4d"
        );
        assert_eq!(
            Deleted::Script("Bob's script").undelete_command(),
            r"fieldkit script undelete 'Bob'\''s script'"
        );
        assert_eq!(
            Deleted::Item(id).message("'Faster CI'"),
            "Deleted (u undoes; later: fieldkit backlog undelete 1a2b3c4d): 'Faster CI'"
        );
    }
}
