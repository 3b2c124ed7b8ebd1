#!/usr/bin/env python3
"""Search a Quarry index from Python through the shared library's C API (ctypes).

usage: search_ctypes.py LIBQUARRY_SO INDEX_DIR QUERY
"""
import ctypes
import sys


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    lib = ctypes.CDLL(sys.argv[1])
    lib.quarry_last_error.restype = ctypes.c_char_p
    lib.quarry_index_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.quarry_index_close.argtypes = [ctypes.c_void_p]
    lib.quarry_search.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p)]
    lib.quarry_results_count.argtypes = [ctypes.c_void_p]
    lib.quarry_results_count.restype = ctypes.c_size_t
    for name in ("quarry_results_id", "quarry_results_title", "quarry_results_snippet"):
        getattr(lib, name).argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        getattr(lib, name).restype = ctypes.c_char_p
    lib.quarry_results_score.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    lib.quarry_results_score.restype = ctypes.c_double
    lib.quarry_results_free.argtypes = [ctypes.c_void_p]

    index = ctypes.c_void_p()
    if lib.quarry_index_open(sys.argv[2].encode(), ctypes.byref(index)) != 0:
        print("open:", lib.quarry_last_error().decode(), file=sys.stderr)
        return 1
    results = ctypes.c_void_p()
    try:
        if lib.quarry_search(index, sys.argv[3].encode(), 10, ctypes.byref(results)) != 0:
            print("search:", lib.quarry_last_error().decode(), file=sys.stderr)
            return 2
        count = lib.quarry_results_count(results)
        for i in range(count):
            print(f"{i + 1}. {lib.quarry_results_id(results, i).decode()}  {lib.quarry_results_score(results, i):.4f}")
            print("   ", lib.quarry_results_snippet(results, i).decode())
        lib.quarry_results_free(results)
        return 0 if count else 1
    finally:
        lib.quarry_index_close(index)


if __name__ == "__main__":
    sys.exit(main())
