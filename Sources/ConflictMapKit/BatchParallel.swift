import Dispatch
import Foundation

/// Runs `work` over a stream of items on `jobs` threads and hands the results to `consume`
/// strictly in input order (a reorder buffer), whatever order the workers finish in.
///
/// At most `window` items are in flight (queued, being worked on, or finished and waiting for an
/// earlier one), so memory stays bounded however long the stream. Each worker is its own
/// `Thread`, so per-thread state (the GEOS context of `withGEOS`) is never shared.
enum OrderedParallel {
    final class State<In: Sendable, Out: Sendable>: @unchecked Sendable {
        let cond = NSCondition()
        /// Taken entries are set to nil at once, so a consumed document's memory is released
        /// before the queue is compacted.
        var queue: [(Int, In)?] = []
        var head = 0
        var closed = false
        let slots: DispatchSemaphore
        let reorder = NSLock()
        var pending: [Int: Out] = [:]
        var next = 0
        let stopLock = NSLock()
        var stopped = false

        init(window: Int) { slots = DispatchSemaphore(value: window) }

        var isStopped: Bool { stopLock.lock(); defer { stopLock.unlock() }; return stopped }
        func stop() { stopLock.lock(); stopped = true; stopLock.unlock() }
    }

    /// - Parameters:
    ///   - produce: called on the calling thread with an `emit` function; `emit` blocks while the
    ///     window is full and returns false once `consume` asked to stop (the producer should return).
    ///   - work: runs on a worker thread; receives the 0-based sequence number.
    ///   - consume: called serially, in sequence order; return false to stop the run early.
    static func run<In: Sendable, Out: Sendable>(
        jobs: Int, window: Int,
        produce: (_ emit: (In) -> Bool) throws -> Void,
        work: @escaping @Sendable (Int, In) -> Out,
        consume: @escaping @Sendable (Int, Out) -> Bool
    ) rethrows {
        let state = State<In, Out>(window: max(window, jobs, 1))
        let group = DispatchGroup()
        for _ in 0..<max(1, jobs) {
            group.enter()
            let t = Thread {
                defer { group.leave() }
                while true {
                    state.cond.lock()
                    while state.head == state.queue.count && !state.closed { state.cond.wait() }
                    if state.head == state.queue.count { state.cond.unlock(); return }
                    guard let (seq, item) = state.queue[state.head] else { state.cond.unlock(); return }
                    state.queue[state.head] = nil
                    state.head += 1
                    if state.head > 1024 && state.head * 2 > state.queue.count {
                        state.queue.removeFirst(state.head); state.head = 0
                    }
                    state.cond.unlock()
                    let out = work(seq, item)
                    state.reorder.lock()
                    state.pending[seq] = out
                    while let o = state.pending.removeValue(forKey: state.next) {
                        let n = state.next
                        state.next += 1
                        if !state.isStopped, !consume(n, o) { state.stop() }
                        state.slots.signal()
                    }
                    state.reorder.unlock()
                }
            }
            t.stackSize = 16 << 20
            t.start()
        }
        var seq = 0
        func emit(_ item: In) -> Bool {
            if state.isStopped { return false }
            state.slots.wait()
            if state.isStopped { state.slots.signal(); return false }
            state.cond.lock()
            state.queue.append((seq, item))
            seq += 1
            state.cond.signal()
            state.cond.unlock()
            return true
        }
        func finish() {
            state.cond.lock()
            state.closed = true
            state.cond.broadcast()
            state.cond.unlock()
            group.wait()
        }
        do { try produce(emit) } catch { finish(); throw error }
        finish()
    }
}
