// A SQLite VFS that writes each commit's WAL frames with one system call instead of two per frame.
// SQLite writes a WAL frame as two pwrite(2)s (its 24-byte header, then the page); a commit of a
// dozen pages is ~26 system calls on the writer thread, the bottleneck of durable ingest, and on a
// virtual machine each costs several microseconds. This VFS wraps the platform's default one and
// keeps consecutive writes to a `-wal` file in memory until something needs them in the file: the
// sync of a commit, any read, size query, truncate, file control or close of that file, or the
// barrier SQLite raises on the database's shared memory just before it publishes new frames to
// readers (so a commit without a sync, at synchronous=NORMAL or OFF, is never visible before its
// frames are written). Every other file passes through untouched. Must not change what reaches
// the disk or in which order relative to a sync; only how many calls carry it.
#pragma once

#include <cstdint>

namespace otos::storage {

// Registers the VFS (once per process) as SQLite's default, so every connection opened after it,
// including Poco's, uses it. Returns its name.
const char* register_wal_coalescing_vfs();

// Writes asked of `-wal` files and writes made to them, since the process started (for tests and
// benchmarks: their ratio is the coalescing).
struct WalWriteCounts {
  uint64_t asked = 0;
  uint64_t made = 0;
};
WalWriteCounts wal_write_counts();

}  // namespace otos::storage
