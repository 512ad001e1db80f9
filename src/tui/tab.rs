//! The panes that exist, in tab order. Adding a pane is one variant here
//! (its number key and title follow), one module under `panes/` and its
//! binding table.

/// One tab of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Backlog,
    Shadow,
    Interview,
    Synthesis,
    Roadmap,
    Outcomes,
}

impl Tab {
    /// Every tab, in the order the tab bar shows them.
    pub const ALL: [Tab; 6] = [
        Tab::Backlog,
        Tab::Shadow,
        Tab::Interview,
        Tab::Synthesis,
        Tab::Roadmap,
        Tab::Outcomes,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Backlog => "Backlog",
            Tab::Shadow => "Shadow",
            Tab::Interview => "Interview",
            Tab::Synthesis => "Synthesis",
            Tab::Roadmap => "Roadmap",
            Tab::Outcomes => "Outcomes",
        }
    }

    /// The digit that selects it, as PRODUCT.md numbers the panes.
    pub fn number(self) -> char {
        match self {
            Tab::Backlog => '1',
            Tab::Shadow => '2',
            Tab::Interview => '3',
            Tab::Synthesis => '4',
            Tab::Roadmap => '5',
            Tab::Outcomes => '6',
        }
    }

    /// Position in the tab bar, from 0.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn next(self) -> Tab {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    pub fn previous(self) -> Tab {
        Self::ALL[(self.index() + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_and_previous_wrap() {
        assert_eq!(Tab::Roadmap.next(), Tab::Outcomes);
        assert_eq!(Tab::Outcomes.next(), Tab::Backlog);
        assert_eq!(Tab::Backlog.previous(), Tab::Outcomes);
        for (i, tab) in Tab::ALL.iter().enumerate() {
            assert_eq!(tab.index(), i);
        }
    }
}
