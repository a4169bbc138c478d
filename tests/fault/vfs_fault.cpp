// A test-only SQLite VFS that makes writes fail, in the spirit of SQLite's own I/O-error
// tests: loaded into toro with LD_PRELOAD, it registers itself as the default VFS, wrapping
// the one that was there, and lets the first TORO_FAULT_AFTER writes through; every write
// after them fails with SQLITE_FULL (TORO_FAULT_CODE=full, the default) or SQLITE_IOERR_WRITE
// (TORO_FAULT_CODE=ioerr), as a disk that filled up or went bad would. Without
// TORO_FAULT_AFTER it changes nothing; a negative one lets every write through. Built only with the tests
// (tests/CMakeLists.txt), used by tests/e2e/test_faults.sh; never linked into toro.

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

sqlite3_vfs* real_vfs = nullptr;
sqlite3_vfs fault_vfs{};
long writes_left = -1;  // -1: never fail
long writes_done = 0;   // writes let through, reported at exit to TORO_FAULT_REPORT
int fault_code = SQLITE_FULL;

struct FaultFile {
    sqlite3_file base;
    sqlite3_file* real;
};

sqlite3_file* real(sqlite3_file* file)
{
    return reinterpret_cast<FaultFile*>(file)->real;
}

int fault_close(sqlite3_file* file)
{
    return real(file)->pMethods->xClose(real(file));
}

int fault_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset)
{
    return real(file)->pMethods->xRead(real(file), buffer, amount, offset);
}

int fault_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset)
{
    if (writes_left == 0) {
        return fault_code;
    }
    if (writes_left > 0) {
        --writes_left;
    }
    ++writes_done;
    return real(file)->pMethods->xWrite(real(file), buffer, amount, offset);
}

int fault_truncate(sqlite3_file* file, sqlite3_int64 size)
{
    return real(file)->pMethods->xTruncate(real(file), size);
}

int fault_sync(sqlite3_file* file, int flags)
{
    return real(file)->pMethods->xSync(real(file), flags);
}

int fault_file_size(sqlite3_file* file, sqlite3_int64* size)
{
    return real(file)->pMethods->xFileSize(real(file), size);
}

int fault_lock(sqlite3_file* file, int level)
{
    return real(file)->pMethods->xLock(real(file), level);
}

int fault_unlock(sqlite3_file* file, int level)
{
    return real(file)->pMethods->xUnlock(real(file), level);
}

int fault_check_reserved_lock(sqlite3_file* file, int* out)
{
    return real(file)->pMethods->xCheckReservedLock(real(file), out);
}

int fault_file_control(sqlite3_file* file, int op, void* argument)
{
    return real(file)->pMethods->xFileControl(real(file), op, argument);
}

int fault_sector_size(sqlite3_file* file)
{
    return real(file)->pMethods->xSectorSize(real(file));
}

int fault_device_characteristics(sqlite3_file* file)
{
    return real(file)->pMethods->xDeviceCharacteristics(real(file));
}

int fault_shm_map(sqlite3_file* file, int page, int size, int extend, void volatile** out)
{
    return real(file)->pMethods->xShmMap(real(file), page, size, extend, out);
}

int fault_shm_lock(sqlite3_file* file, int offset, int n, int flags)
{
    return real(file)->pMethods->xShmLock(real(file), offset, n, flags);
}

void fault_shm_barrier(sqlite3_file* file)
{
    real(file)->pMethods->xShmBarrier(real(file));
}

int fault_shm_unmap(sqlite3_file* file, int delete_flag)
{
    return real(file)->pMethods->xShmUnmap(real(file), delete_flag);
}

int fault_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out)
{
    return real(file)->pMethods->xFetch(real(file), offset, amount, out);
}

int fault_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page)
{
    return real(file)->pMethods->xUnfetch(real(file), offset, page);
}

const sqlite3_io_methods fault_methods = {
    3,
    fault_close,
    fault_read,
    fault_write,
    fault_truncate,
    fault_sync,
    fault_file_size,
    fault_lock,
    fault_unlock,
    fault_check_reserved_lock,
    fault_file_control,
    fault_sector_size,
    fault_device_characteristics,
    fault_shm_map,
    fault_shm_lock,
    fault_shm_barrier,
    fault_shm_unmap,
    fault_fetch,
    fault_unfetch,
};

int fault_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags)
{
    auto* wrapper = reinterpret_cast<FaultFile*>(file);
    wrapper->real = reinterpret_cast<sqlite3_file*>(wrapper + 1);
    const int rc = real_vfs->xOpen(real_vfs, name, wrapper->real, flags, out_flags);
    wrapper->base.pMethods = (rc == SQLITE_OK && wrapper->real->pMethods != nullptr) ? &fault_methods : nullptr;
    return rc;
}

int fault_delete(sqlite3_vfs*, const char* name, int sync_dir)
{
    return real_vfs->xDelete(real_vfs, name, sync_dir);
}

int fault_access(sqlite3_vfs*, const char* name, int flags, int* out)
{
    return real_vfs->xAccess(real_vfs, name, flags, out);
}

int fault_full_pathname(sqlite3_vfs*, const char* name, int size, char* out)
{
    return real_vfs->xFullPathname(real_vfs, name, size, out);
}

void* fault_dl_open(sqlite3_vfs*, const char* name)
{
    return real_vfs->xDlOpen(real_vfs, name);
}

void fault_dl_error(sqlite3_vfs*, int size, char* out)
{
    real_vfs->xDlError(real_vfs, size, out);
}

void (*fault_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void)
{
    return real_vfs->xDlSym(real_vfs, handle, symbol);
}

void fault_dl_close(sqlite3_vfs*, void* handle)
{
    real_vfs->xDlClose(real_vfs, handle);
}

int fault_randomness(sqlite3_vfs*, int size, char* out)
{
    return real_vfs->xRandomness(real_vfs, size, out);
}

int fault_sleep(sqlite3_vfs*, int microseconds)
{
    return real_vfs->xSleep(real_vfs, microseconds);
}

int fault_current_time(sqlite3_vfs*, double* out)
{
    return real_vfs->xCurrentTime(real_vfs, out);
}

int fault_get_last_error(sqlite3_vfs*, int size, char* out)
{
    return real_vfs->xGetLastError(real_vfs, size, out);
}

int fault_current_time_int64(sqlite3_vfs*, sqlite3_int64* out)
{
    return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

// With TORO_FAULT_REPORT=FILE, the number of writes let through is written to FILE at exit
// (how a test learns how many writes an undisturbed run makes).
__attribute__((destructor)) void report_writes()
{
    const char* report = std::getenv("TORO_FAULT_REPORT");
    if (report == nullptr || *report == '\0' || real_vfs == nullptr) {
        return;
    }
    if (std::FILE* file = std::fopen(report, "w")) {
        std::fprintf(file, "%ld\n", writes_done);
        std::fclose(file);
    }
}

__attribute__((constructor)) void register_fault_vfs()
{
    const char* after = std::getenv("TORO_FAULT_AFTER");
    if (after == nullptr || *after == '\0') {
        return;
    }
    writes_left = std::strtol(after, nullptr, 10);
    const char* code = std::getenv("TORO_FAULT_CODE");
    fault_code = (code != nullptr && std::strcmp(code, "ioerr") == 0) ? SQLITE_IOERR_WRITE : SQLITE_FULL;
    real_vfs = sqlite3_vfs_find(nullptr);
    if (real_vfs == nullptr) {
        return;
    }
    fault_vfs.iVersion = 2;
    fault_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + real_vfs->szOsFile;
    fault_vfs.mxPathname = real_vfs->mxPathname;
    fault_vfs.zName = "toro-fault";
    fault_vfs.xOpen = fault_open;
    fault_vfs.xDelete = fault_delete;
    fault_vfs.xAccess = fault_access;
    fault_vfs.xFullPathname = fault_full_pathname;
    fault_vfs.xDlOpen = fault_dl_open;
    fault_vfs.xDlError = fault_dl_error;
    fault_vfs.xDlSym = fault_dl_sym;
    fault_vfs.xDlClose = fault_dl_close;
    fault_vfs.xRandomness = fault_randomness;
    fault_vfs.xSleep = fault_sleep;
    fault_vfs.xCurrentTime = fault_current_time;
    fault_vfs.xGetLastError = fault_get_last_error;
    fault_vfs.xCurrentTimeInt64 = fault_current_time_int64;
    sqlite3_vfs_register(&fault_vfs, 1);
}

}  // namespace
