//! A request sent ahead: both pagers (Azure's marker loop and Qumulo's `paging.next`) send
//! page N+1's request while their caller works on page N.

use std::future::Future;

/// A request sent ahead of the caller: a task of its own, so that it travels while the caller
/// works on the page before it; dropping it aborts the request.
pub(crate) struct Ahead<T> {
    task: tokio::task::JoinHandle<T>,
}

impl<T: Send + 'static> Ahead<T> {
    /// Spawns `work` and lets it start at once. A task spawned from a worker thread waits in
    /// that worker's next-task slot, which no other worker takes: were the caller to go on
    /// decoding and printing without yielding, the request would leave only once it awaited.
    pub(crate) async fn start(work: impl Future<Output = T> + Send + 'static) -> Self {
        let task = tokio::spawn(work);
        tokio::task::yield_now().await;
        Self { task }
    }

    /// Its result. Cancel-safe: awaited again after a cancelled wait, it is still the same
    /// request's.
    pub(crate) async fn result(&mut self) -> T {
        match (&mut self.task).await {
            Ok(value) => value,
            Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
            // Only `Drop` aborts the task, and then nothing awaits it any more.
            Err(err) => unreachable!("a request sent ahead was cancelled: {err}"),
        }
    }
}

impl<T> Drop for Ahead<T> {
    fn drop(&mut self) {
        self.task.abort();
    }
}
