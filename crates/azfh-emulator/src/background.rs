//! An emulator on a thread of its own, for tests, benchmarks and scripts: its own runtime,
//! stopped and joined when dropped. Both emulators (Azure Files and Qumulo) run this way.

use std::future::Future;
use std::pin::Pin;

/// The future a served emulator stops on.
pub type Shutdown = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A runtime for one background emulator.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}

/// A server running on its own thread until dropped.
pub struct ServerThread {
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ServerThread {
    /// Runs `serve(shutdown)` on `runtime`, on a thread named `name`.
    pub fn spawn<F>(
        name: &str,
        runtime: tokio::runtime::Runtime,
        serve: impl FnOnce(Shutdown) -> F + Send + 'static,
    ) -> std::io::Result<Self>
    where
        F: Future<Output = ()>,
    {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                runtime.block_on(serve(Box::pin(async {
                    let _ = stopped.await;
                })));
            })?;
        Ok(Self {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for ServerThread {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
