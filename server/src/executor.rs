//! The executor Leptos spawns its tasks on, on the server: tokio, except that a new task is
//! polled once right away, where it was spawned (usually inside the render of a page, with
//! the request's reactive owner and arena active).
//!
//! Why: reactive effects that also run on the server (`Effect::new_isomorphic`, used by
//! leptos_i18n to mirror the locale into a cookie) are spawned as tasks whose first run is
//! already due. On plain tokio that run happened whenever a worker got to it; under load,
//! or when the client gave up and the render was dropped, that was after the request's
//! owner had been disposed, and the effect panicked reading a disposed signal
//! (reactive_graph: "tried to access a reactive value ... already disposed"). Running the
//! first poll immediately makes that run happen while everything it reads exists; a task
//! that is not finished by then continues on tokio as before (tokio polls it again, with
//! its own waker, so no wake-up is lost).

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use std::task::{Context, Waker};

struct FirstPollHere;

impl CustomExecutor for FirstPollHere {
    fn spawn(&self, mut fut: PinnedFuture<()>) {
        let mut cx = Context::from_waker(Waker::noop());
        if fut.as_mut().poll(&mut cx).is_pending() {
            tokio::spawn(fut);
        }
    }

    fn spawn_local(&self, fut: PinnedLocalFuture<()>) {
        tokio::task::spawn_local(fut);
    }

    fn poll_local(&self) {}
}

/// Installs the executor (once per process; later calls, and leptos_axum's own attempt to
/// install plain tokio, change nothing).
pub fn install() {
    let _ = Executor::init_custom_executor(FirstPollHere);
}
