//! The messages shown after an operation: every success and every error says what happened.

use crate::api::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Success,
    Info,
    Error,
}

/// One message. Errors from the cloud list its `Code` and `RequestId` as facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub tone: Tone,
    pub title: String,
    pub detail: Option<String>,
    /// Labelled values worth copying into a support ticket.
    pub facts: Vec<(&'static str, String)>,
}

impl Toast {
    /// Successes and notes fade by themselves; errors stay until dismissed.
    pub fn fades(&self) -> bool {
        self.tone != Tone::Error
    }
}

/// The messages on screen, oldest first.
#[derive(Debug, Default)]
pub struct ToastQueue {
    next_id: u64,
    items: Vec<Toast>,
}

impl ToastQueue {
    /// More than this and the oldest go, so a burst of errors cannot fill the screen.
    pub const MAX: usize = 5;

    pub fn items(&self) -> &[Toast] {
        &self.items
    }

    pub fn success(&mut self, title: impl Into<String>) -> u64 {
        self.push(Tone::Success, title.into(), None, Vec::new())
    }

    pub fn info(&mut self, title: impl Into<String>) -> u64 {
        self.push(Tone::Info, title.into(), None, Vec::new())
    }

    /// `what` names the operation: "Create cluster" gives "Create cluster failed".
    pub fn error(&mut self, what: &str, error: &ApiError) -> u64 {
        let title = format!("{what} failed");
        let (detail, facts) = match error.cloud() {
            Some(cloud) => {
                let mut facts = vec![("Code", cloud.code.clone())];
                facts.extend(cloud.request_id.clone().map(|id| ("RequestId", id)));
                (cloud.message.clone(), facts)
            }
            None => (
                error.to_string(),
                error
                    .request_id()
                    .map(|id| vec![("Panel request", id.to_owned())])
                    .unwrap_or_default(),
            ),
        };
        self.push(Tone::Error, title, Some(detail), facts)
    }

    pub fn dismiss(&mut self, id: u64) {
        self.items.retain(|toast| toast.id != id);
    }

    fn push(
        &mut self,
        tone: Tone,
        title: String,
        detail: Option<String>,
        facts: Vec<(&'static str, String)>,
    ) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        self.items.push(Toast {
            id,
            tone,
            title,
            detail,
            facts,
        });
        if self.items.len() > Self::MAX {
            self.items.remove(0);
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cloud_error() -> ApiError {
        ApiError::from_response(
            400,
            r#"{"error":{"code":"cloud","message":"the cloud refused ResizeDiskSize",
               "request_id":"ours-1","cloud":{"code":"InvalidDiskSize.Decrease",
               "message":"Disks cannot shrink.","request_id":"7F3A-99"}}}"#,
        )
    }

    #[test]
    fn cloud_errors_show_code_and_request_id() {
        let mut queue = ToastQueue::default();
        let id = queue.error("Resize disk", &cloud_error());
        let toast = &queue.items()[0];
        assert_eq!(toast.id, id);
        assert_eq!(toast.title, "Resize disk failed");
        assert_eq!(toast.detail.as_deref(), Some("Disks cannot shrink."));
        assert_eq!(
            toast.facts,
            vec![
                ("Code", "InvalidDiskSize.Decrease".to_owned()),
                ("RequestId", "7F3A-99".to_owned())
            ]
        );
        assert!(!toast.fades());
    }

    #[test]
    fn panel_errors_show_the_message_and_our_request_id() {
        let mut queue = ToastQueue::default();
        let err = ApiError::from_response(
            403,
            r#"{"error":{"code":"forbidden","message":"operators only","request_id":"r-9"}}"#,
        );
        queue.error("Reboot", &err);
        let toast = &queue.items()[0];
        assert_eq!(toast.detail.as_deref(), Some("operators only"));
        assert_eq!(toast.facts, vec![("Panel request", "r-9".to_owned())]);
    }

    #[test]
    fn keeps_the_newest_and_dismisses_by_id() {
        let mut queue = ToastQueue::default();
        let ids: Vec<u64> = (0..7).map(|i| queue.success(format!("done {i}"))).collect();
        assert_eq!(queue.items().len(), ToastQueue::MAX);
        assert_eq!(queue.items()[0].title, "done 2");
        queue.dismiss(ids[4]);
        let titles: Vec<&str> = queue.items().iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["done 2", "done 3", "done 5", "done 6"]);
        assert!(queue.items()[0].fades());
    }
}
