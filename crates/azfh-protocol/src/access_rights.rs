//! The access rights of an SMB handle, as Azure Files names them in `<AccessRightList>`.

/// The access rights of a handle: a set of read, write and delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct AccessRights {
    pub read: bool,
    pub write: bool,
    pub delete: bool,
}

/// One access right, as the service names it (`Read`, `Write`, `Delete`, any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessRight {
    Read,
    Write,
    Delete,
}

impl AccessRight {
    pub const ALL: [AccessRight; 3] = [AccessRight::Read, AccessRight::Write, AccessRight::Delete];

    /// Lower-case name used in output and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            AccessRight::Read => "read",
            AccessRight::Write => "write",
            AccessRight::Delete => "delete",
        }
    }

    /// Parses a right case-insensitively (`READ`, `Read`, `read`).
    pub fn parse(text: &str) -> Option<Self> {
        let text = crate::wire::trim(text);
        Self::ALL
            .into_iter()
            .find(|right| right.name().eq_ignore_ascii_case(text))
    }
}

impl AccessRights {
    pub fn contains(self, right: AccessRight) -> bool {
        match right {
            AccessRight::Read => self.read,
            AccessRight::Write => self.write,
            AccessRight::Delete => self.delete,
        }
    }

    pub fn insert(&mut self, right: AccessRight) {
        match right {
            AccessRight::Read => self.read = true,
            AccessRight::Write => self.write = true,
            AccessRight::Delete => self.delete = true,
        }
    }

    /// The rights held, in the order read, write, delete.
    pub fn iter(self) -> impl Iterator<Item = AccessRight> {
        AccessRight::ALL
            .into_iter()
            .filter(move |right| self.contains(*right))
    }

    pub fn is_empty(self) -> bool {
        !(self.read || self.write || self.delete)
    }
}

impl FromIterator<AccessRight> for AccessRights {
    fn from_iter<I: IntoIterator<Item = AccessRight>>(iter: I) -> Self {
        let mut rights = AccessRights::default();
        for right in iter {
            rights.insert(right);
        }
        rights
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_rights_parse_and_iterate() {
        assert_eq!(AccessRight::parse("READ"), Some(AccessRight::Read));
        assert_eq!(AccessRight::parse("Delete"), Some(AccessRight::Delete));
        assert_eq!(AccessRight::parse("execute"), None);
        let rights: AccessRights = [AccessRight::Delete, AccessRight::Read]
            .into_iter()
            .collect();
        assert_eq!(
            rights.iter().map(AccessRight::name).collect::<Vec<_>>(),
            ["read", "delete"]
        );
        assert!(AccessRights::default().is_empty());
    }
}
