// The WAL-coalescing VFS (see sqlite_wal_vfs.h). A wrapped file is our File header followed by
// the default VFS's own file object; main database files are wrapped only for xShmBarrier (to
// flush their connection's WAL before new frames are published), `-wal` files for the buffer,
// and every other file is the default VFS's object as it is. A connection's files are only ever
// used under that connection's mutex, so a buffer needs no lock of its own; the registry that
// pairs a database file with its WAL (by the filename pointer SQLite gives both) has one.
#include "engine/storage/sqlite_wal_vfs.h"

#include <sqlite3.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>

namespace otos::storage {

namespace {

// The most the default VFS writes in one call: unix's seekAndWrite keeps only the low 17 bits
// of the size (a longer write comes back short and is taken for a full disk).
constexpr size_t kMaxBuffered = 0x1ffff;

std::atomic<uint64_t> g_asked{0};
std::atomic<uint64_t> g_made{0};

struct File;
struct Wal;
struct Db {
  const char* name = nullptr;  // SQLite's pointer: the key in the registry
  Wal* wal = nullptr;          // this connection's WAL, while open
};
struct Wal {
  std::string buffer;  // consecutive bytes not yet written
  sqlite3_int64 start = 0;
  Db* db = nullptr;      // its connection's database file, while open
  File* file = nullptr;  // the wrapped file this state belongs to
};

struct File {
  sqlite3_file base;   // pMethods: &kMethods
  sqlite3_file* real;  // the default VFS's file, just after this header
  Db* db;              // set for a main database file
  Wal* wal;            // set for a -wal file
};

sqlite3_vfs* g_base = nullptr;
std::mutex g_registry_mu;
std::map<const char*, Db*>* g_registry = nullptr;  // database filename pointer -> its Db

File* as_file(sqlite3_file* f) { return reinterpret_cast<File*>(f); }
const sqlite3_io_methods* real_methods(File* f) { return f->real->pMethods; }

int flush(File* f, bool keep_on_error = false) {
  Wal* w = f->wal;
  if (!w || w->buffer.empty()) return SQLITE_OK;
  int rc = real_methods(f)->xWrite(f->real, w->buffer.data(), static_cast<int>(w->buffer.size()),
                                   w->start);
  g_made.fetch_add(1, std::memory_order_relaxed);
  // A failed write is reported to SQLite, which rolls its transaction back and writes the
  // frames again later: the bytes must not linger to be written over newer ones.
  if (rc == SQLITE_OK || !keep_on_error) w->buffer.clear();
  return rc;
}

// --- io methods: the WAL buffer, and plain forwarding for the rest --------------------------

int x_close(sqlite3_file* p) {
  File* f = as_file(p);
  int rc = flush(f);
  int rc2 = real_methods(f)->xClose(f->real);
  {
    std::lock_guard lock(g_registry_mu);
    if (f->wal && f->wal->db) f->wal->db->wal = nullptr;
    if (f->db) {
      g_registry->erase(f->db->name);
      if (f->db->wal) f->db->wal->db = nullptr;
    }
  }
  delete f->wal;
  delete f->db;
  f->wal = nullptr;
  f->db = nullptr;
  return rc != SQLITE_OK ? rc : rc2;
}

int x_read(sqlite3_file* p, void* out, int n, sqlite3_int64 off) {
  File* f = as_file(p);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f)->xRead(f->real, out, n, off);
}

int x_write(sqlite3_file* p, const void* data, int n, sqlite3_int64 off) {
  File* f = as_file(p);
  Wal* w = f->wal;
  if (!w || static_cast<size_t>(n) > kMaxBuffered) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_methods(f)->xWrite(f->real, data, n, off);
  }
  g_asked.fetch_add(1, std::memory_order_relaxed);
  const bool follows = !w->buffer.empty() &&
                       off == w->start + static_cast<sqlite3_int64>(w->buffer.size()) &&
                       w->buffer.size() + static_cast<size_t>(n) <= kMaxBuffered;
  if (!follows) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    w->start = off;
  }
  w->buffer.append(static_cast<const char*>(data), static_cast<size_t>(n));
  return SQLITE_OK;
}

int x_truncate(sqlite3_file* p, sqlite3_int64 size) {
  File* f = as_file(p);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f)->xTruncate(f->real, size);
}

int x_sync(sqlite3_file* p, int flags) {
  File* f = as_file(p);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f)->xSync(f->real, flags);
}

int x_file_size(sqlite3_file* p, sqlite3_int64* size) {
  File* f = as_file(p);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f)->xFileSize(f->real, size);
}

int x_lock(sqlite3_file* p, int level) {
  File* f = as_file(p);
  return real_methods(f)->xLock(f->real, level);
}

int x_unlock(sqlite3_file* p, int level) {
  File* f = as_file(p);
  return real_methods(f)->xUnlock(f->real, level);
}

int x_check_reserved_lock(sqlite3_file* p, int* out) {
  File* f = as_file(p);
  return real_methods(f)->xCheckReservedLock(f->real, out);
}

int x_file_control(sqlite3_file* p, int op, void* arg) {
  File* f = as_file(p);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f)->xFileControl(f->real, op, arg);
}

int x_sector_size(sqlite3_file* p) {
  File* f = as_file(p);
  return real_methods(f)->xSectorSize(f->real);
}

int x_device_characteristics(sqlite3_file* p) {
  File* f = as_file(p);
  return real_methods(f)->xDeviceCharacteristics(f->real);
}

int x_shm_map(sqlite3_file* p, int region, int size, int extend, void volatile** out) {
  File* f = as_file(p);
  if (real_methods(f)->iVersion < 2) return SQLITE_IOERR;
  return real_methods(f)->xShmMap(f->real, region, size, extend, out);
}

int x_shm_lock(sqlite3_file* p, int offset, int n, int flags) {
  File* f = as_file(p);
  if (real_methods(f)->iVersion < 2) return SQLITE_IOERR;
  return real_methods(f)->xShmLock(f->real, offset, n, flags);
}

// SQLite raises this barrier on the database file between writing a commit's frames and
// publishing them in the wal-index header: the frames must be in the WAL file by then.
void x_shm_barrier(sqlite3_file* p) {
  File* f = as_file(p);
  // Our connections run at synchronous=FULL, so a commit's frames were written at its sync and
  // this finds nothing; at another setting it is the only flush before readers see the frames.
  // A barrier cannot report an error: a failed write keeps its bytes for the WAL's next call,
  // which writes them or reports the error.
  if (f->db && f->db->wal) flush(f->db->wal->file, /*keep_on_error=*/true);
  if (real_methods(f)->iVersion >= 2) real_methods(f)->xShmBarrier(f->real);
}

int x_shm_unmap(sqlite3_file* p, int delete_flag) {
  File* f = as_file(p);
  if (real_methods(f)->iVersion < 2) return SQLITE_OK;
  return real_methods(f)->xShmUnmap(f->real, delete_flag);
}

int x_fetch(sqlite3_file* p, sqlite3_int64 off, int n, void** out) {
  File* f = as_file(p);
  *out = nullptr;
  if (real_methods(f)->iVersion < 3) return SQLITE_OK;  // "no mapping": SQLite reads instead
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f)->xFetch(f->real, off, n, out);
}

int x_unfetch(sqlite3_file* p, sqlite3_int64 off, void* page) {
  File* f = as_file(p);
  if (real_methods(f)->iVersion < 3) return SQLITE_OK;
  return real_methods(f)->xUnfetch(f->real, off, page);
}

const sqlite3_io_methods kMethods = {
    3,
    x_close,
    x_read,
    x_write,
    x_truncate,
    x_sync,
    x_file_size,
    x_lock,
    x_unlock,
    x_check_reserved_lock,
    x_file_control,
    x_sector_size,
    x_device_characteristics,
    x_shm_map,
    x_shm_lock,
    x_shm_barrier,
    x_shm_unmap,
    x_fetch,
    x_unfetch,
};

// --- the VFS: wraps main database and -wal files, forwards everything else -----------------

int v_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* p, int flags, int* out_flags) {
  const bool wal = (flags & SQLITE_OPEN_WAL) != 0 && name != nullptr;
  const bool main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0 && name != nullptr;
  if (!wal && !main_db) return g_base->xOpen(g_base, name, p, flags, out_flags);
  File* f = as_file(p);
  f->base.pMethods = nullptr;  // until the real open succeeds: SQLite then skips xClose
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(p) + sizeof(File));
  f->db = nullptr;
  f->wal = nullptr;
  int rc = g_base->xOpen(g_base, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    // The default VFS may have set its methods even though it failed: close what it opened.
    if (f->real->pMethods) f->real->pMethods->xClose(f->real);
    return rc;
  }
  std::lock_guard lock(g_registry_mu);
  if (main_db) {
    f->db = new Db{name, nullptr};
    (*g_registry)[name] = f->db;
  } else {
    f->wal = new Wal{};
    f->wal->file = f;
    auto it = g_registry->find(sqlite3_filename_database(name));
    if (it != g_registry->end()) {
      f->wal->db = it->second;
      it->second->wal = f->wal;
    }
  }
  f->base.pMethods = &kMethods;
  return SQLITE_OK;
}

int v_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return g_base->xDelete(g_base, name, sync_dir);
}
int v_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_base->xAccess(g_base, name, flags, out);
}
int v_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return g_base->xFullPathname(g_base, name, n, out);
}
void* v_dl_open(sqlite3_vfs*, const char* name) { return g_base->xDlOpen(g_base, name); }
void v_dl_error(sqlite3_vfs*, int n, char* out) { g_base->xDlError(g_base, n, out); }
void (*v_dl_sym(sqlite3_vfs*, void* lib, const char* sym))(void) {
  return g_base->xDlSym(g_base, lib, sym);
}
void v_dl_close(sqlite3_vfs*, void* lib) { g_base->xDlClose(g_base, lib); }
int v_randomness(sqlite3_vfs*, int n, char* out) { return g_base->xRandomness(g_base, n, out); }
int v_sleep(sqlite3_vfs*, int us) { return g_base->xSleep(g_base, us); }
int v_current_time(sqlite3_vfs*, double* out) { return g_base->xCurrentTime(g_base, out); }
int v_get_last_error(sqlite3_vfs*, int n, char* out) {
  return g_base->xGetLastError(g_base, n, out);
}
int v_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  return g_base->xCurrentTimeInt64(g_base, out);
}
int v_set_system_call(sqlite3_vfs*, const char* name, sqlite3_syscall_ptr call) {
  return g_base->xSetSystemCall(g_base, name, call);
}
sqlite3_syscall_ptr v_get_system_call(sqlite3_vfs*, const char* name) {
  return g_base->xGetSystemCall(g_base, name);
}
const char* v_next_system_call(sqlite3_vfs*, const char* name) {
  return g_base->xNextSystemCall(g_base, name);
}

sqlite3_vfs g_vfs;

}  // namespace

const char* register_wal_coalescing_vfs() {
  static const char* const name = [] {
    g_base = sqlite3_vfs_find(nullptr);
    if (!g_base || g_base->iVersion < 3) return g_base ? g_base->zName : "";  // leave it alone
    g_registry = new std::map<const char*, Db*>();  // lives as long as the process
    g_vfs = sqlite3_vfs{};
    g_vfs.iVersion = 3;
    g_vfs.szOsFile = static_cast<int>(sizeof(File)) + g_base->szOsFile;
    g_vfs.mxPathname = g_base->mxPathname;
    g_vfs.zName = "otos-wal-coalescing";
    g_vfs.xOpen = v_open;
    g_vfs.xDelete = v_delete;
    g_vfs.xAccess = v_access;
    g_vfs.xFullPathname = v_full_pathname;
    g_vfs.xDlOpen = v_dl_open;
    g_vfs.xDlError = v_dl_error;
    g_vfs.xDlSym = v_dl_sym;
    g_vfs.xDlClose = v_dl_close;
    g_vfs.xRandomness = v_randomness;
    g_vfs.xSleep = v_sleep;
    g_vfs.xCurrentTime = v_current_time;
    g_vfs.xGetLastError = v_get_last_error;
    g_vfs.xCurrentTimeInt64 = v_current_time_int64;
    g_vfs.xSetSystemCall = v_set_system_call;
    g_vfs.xGetSystemCall = v_get_system_call;
    g_vfs.xNextSystemCall = v_next_system_call;
    sqlite3_vfs_register(&g_vfs, 1);
    return g_vfs.zName;
  }();
  return name;
}

WalWriteCounts wal_write_counts() { return WalWriteCounts{g_asked.load(), g_made.load()}; }

}  // namespace otos::storage
