# apq sweep split over mpirun ranks equals a single-process sweep byte for byte (summary.json and
# summary.csv), with 2 ranks and with more ranks than variants (the idle ranks say so); the
# variant the tables cannot describe is named and skipped; a variant whose buffers hold no tile
# is named and skipped, and a sweep with none left exits 2.
# cmake -DAPQ=... -DMPIRUN=... -DSOURCE=... -DWORK=... -P mpi_sweep.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(sweep ${SOURCE}/tests/sweep/data/two_variants.json)
set(mpi ${MPIRUN} --allow-run-as-root --oversubscribe)

execute_process(COMMAND ${APQ} sweep --sweep ${sweep} --out ${WORK}/one RESULT_VARIABLE status ERROR_VARIABLE err
                OUTPUT_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "single-process sweep failed: ${status}\n${err}")
endif()
if(NOT err MATCHES "16x32-w32-i32-o16-if192-500mhz skipped: .*no CACTI run of a 64-byte bank")
  message(FATAL_ERROR "the variant without a CACTI bank was not named and skipped:\n${err}")
endif()

foreach(ranks 2 4)
  execute_process(COMMAND ${mpi} -np ${ranks} ${APQ} sweep --sweep ${sweep} --out ${WORK}/np${ranks}
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "mpirun -np ${ranks} sweep failed: ${status}\n${out}\n${err}")
  endif()
  foreach(file summary.json summary.csv)
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/one/${file} ${WORK}/np${ranks}/${file}
                    RESULT_VARIABLE differ)
    if(NOT differ EQUAL 0)
      message(FATAL_ERROR "${file} of the ${ranks}-rank sweep differs from the single-process one")
    endif()
  endforeach()
  string(REGEX MATCHALL "summary: " written "${out}")
  list(LENGTH written reports)
  if(NOT reports EQUAL 1)
    message(FATAL_ERROR "expected one summary (rank 0) with ${ranks} ranks, got ${reports}:\n${out}")
  endif()
endforeach()
if(NOT err MATCHES "rank 3 of 4 has no variant \\(3 variants over 4 ranks\\)")
  message(FATAL_ERROR "the idle rank did not say so:\n${err}")
endif()

execute_process(COMMAND ${APQ} sweep --sweep ${SOURCE}/tests/sweep/data/none_left.json --out ${WORK}/none
                RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_QUIET)
# Its one variant's buffers hold no tile of the space's layers (made-up 8-byte banks, tests/sweep/data/tables):
# apq lut build refuses it, the sweep names it with the reason, and with none left exits 2.
if(NOT status EQUAL 2 OR NOT err MATCHES "none of the 1 variants" OR NOT err MATCHES "skipped: .*no tile fits")
  message(FATAL_ERROR "a sweep with no variant left did not exit 2 naming the reason: ${status}\n${err}")
endif()
