#!/bin/sh
# Leak-check a test target under valgrind.
#
# valgrind 3.19 (Debian bookworm) aborts ("the 'impossible' happened", SIGSEGV
# in _dispatch_sig_thread) on any Swift program with an async main, which is
# how SwiftPM's generated test runner starts Swift Testing. So this script
# relinks the test objects with a synchronous entry point that runs
# Testing.__swiftPMEntryPoint in a detached task and waits on a semaphore.
#
# usage: scripts/valgrind-tests.sh [FilterRegex]   (default GeometryEngineTests)
# env:   SCRATCH (default .build-valgrind)
set -eu
FILTER="${1:-GeometryEngineTests}"
SCRATCH="${SCRATCH:-.build-valgrind}"
swift build --scratch-path "$SCRATCH" --build-tests
D="$SCRATCH/x86_64-unknown-linux-gnu/debug"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
cat > "$W/main.swift" <<'SWIFT'
import Testing
import Dispatch
import Foundation
final class Box: @unchecked Sendable { var code: CInt = 0 }
let box = Box()
let done = DispatchSemaphore(value: 0)
Task.detached {
    let c: CInt = await Testing.__swiftPMEntryPoint(passing: nil)
    box.code = c
    done.signal()
}
done.wait()
exit(box.code)
SWIFT
swiftc -g -c "$W/main.swift" -module-name vgrunner -o "$W/main.o"
grep -v 'runner.swift.o' "$D/conflictmapPackageTests.product/Objects.LinkFileList" > "$W/objects.txt"
swiftc $(pkg-config --libs geos proj) -L "$D" -o "$D/vgrunner.xctest" -module-name vgrunner \
    -emit-executable -Xlinker '-rpath=$ORIGIN' @"$W/objects.txt" "$W/main.o" -g
valgrind --leak-check=full --errors-for-leak-kinds=definite --num-callers=40 \
    "$D/vgrunner.xctest" --testing-library swift-testing --filter "$FILTER"
