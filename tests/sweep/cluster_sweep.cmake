# scripts/cluster/sweep_array.sh run as two Slurm array tasks (the array variables set by hand)
# and sweep_summary.sh give the single-process summary byte for byte, without running any
# variant again.
# cmake -DAPQ=... -DSOURCE=... -DWORK=... -P cluster_sweep.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(sweep ${SOURCE}/tests/sweep/data/two_variants.json)
execute_process(COMMAND ${APQ} sweep --sweep ${sweep} --out ${WORK}/one RESULT_VARIABLE status ERROR_QUIET OUTPUT_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "single-process sweep failed: ${status}")
endif()
foreach(task 1 2)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env APQ=${APQ} SLURM_ARRAY_TASK_ID=${task} SLURM_ARRAY_TASK_COUNT=2
                          ${SOURCE}/scripts/cluster/sweep_array.sh ${sweep} ${WORK}/array
                  RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_QUIET)
  if(NOT status EQUAL 0 OR NOT err MATCHES "shard ${task}/2 done")
    message(FATAL_ERROR "array task ${task} failed: ${status}\n${err}")
  endif()
endforeach()
if(EXISTS ${WORK}/array/summary.json)
  message(FATAL_ERROR "an array task wrote the summary")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env APQ=${APQ} ${SOURCE}/scripts/cluster/sweep_summary.sh ${sweep} ${WORK}/array
                RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "sweep_summary.sh failed: ${status}\n${err}")
endif()
if(err MATCHES "lut build")
  message(FATAL_ERROR "the summary ran a variant again:\n${err}")
endif()
foreach(file summary.json summary.csv)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/one/${file} ${WORK}/array/${file}
                  RESULT_VARIABLE differ)
  if(NOT differ EQUAL 0)
    message(FATAL_ERROR "${file} of the job array differs from the single-process one")
  endif()
endforeach()
