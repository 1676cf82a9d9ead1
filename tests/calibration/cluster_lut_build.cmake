# scripts/cluster/lut_build_array.sh run as three Slurm array tasks (the array variables set by
# hand) and lut_merge.sh give the single-process table byte for byte; a missing task is refused.
# cmake -DAPQ=... -DSOURCE=... -DWORK=... -P cluster_lut_build.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/parts)
set(space ${SOURCE}/configs/spaces/fmnist.json)
set(accel ${SOURCE}/configs/accel/bitfusion-eyeriss.json)
execute_process(COMMAND ${APQ} lut build --space ${space} --accel ${accel} --out ${WORK}/one.json
                RESULT_VARIABLE status ERROR_QUIET OUTPUT_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "single-process build failed: ${status}")
endif()
foreach(task 1 3)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env APQ=${APQ} SLURM_ARRAY_TASK_ID=${task} SLURM_ARRAY_TASK_COUNT=3
                          ${SOURCE}/scripts/cluster/lut_build_array.sh ${space} ${accel} ${WORK}/parts
                  RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_QUIET)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "array task ${task} failed: ${status}\n${err}")
  endif()
endforeach()
# Task 2 has not run: the merge must refuse.
execute_process(COMMAND ${CMAKE_COMMAND} -E env APQ=${APQ} ${SOURCE}/scripts/cluster/lut_merge.sh ${space} ${WORK}/parts ${WORK}/merged.json
                RESULT_VARIABLE status ERROR_QUIET OUTPUT_QUIET)
if(NOT status EQUAL 2 OR EXISTS ${WORK}/merged.json)
  message(FATAL_ERROR "a merge without task 2 was not refused (exit ${status})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env APQ=${APQ} SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=3
                        ${SOURCE}/scripts/cluster/lut_build_array.sh ${space} ${accel} ${WORK}/parts
                RESULT_VARIABLE status ERROR_QUIET OUTPUT_QUIET)
execute_process(COMMAND ${CMAKE_COMMAND} -E env APQ=${APQ} ${SOURCE}/scripts/cluster/lut_merge.sh ${space} ${WORK}/parts ${WORK}/merged.json
                RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "merge failed: ${status}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/one.json ${WORK}/merged.json RESULT_VARIABLE differ)
if(NOT differ EQUAL 0)
  message(FATAL_ERROR "the merged array build differs from the single-process one")
endif()
