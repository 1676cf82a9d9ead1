# mpirun -np 2 apq lut build equals a single-process build byte for byte, leaves no rank parts,
# and refuses --shard under mpirun (every rank exits 2, nothing written).
# cmake -DAPQ=... -DMPIRUN=... -DSOURCE=... -DWORK=... -P mpi_lut_build.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(inputs --space ${SOURCE}/configs/spaces/fmnist.json --accel ${SOURCE}/configs/accel/bitfusion-eyeriss.json)
set(mpi ${MPIRUN} --allow-run-as-root --oversubscribe -np 2)

execute_process(COMMAND ${APQ} lut build ${inputs} --out ${WORK}/one.json RESULT_VARIABLE status ERROR_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "single-process build failed: ${status}")
endif()
execute_process(COMMAND ${mpi} ${APQ} lut build ${inputs} --out ${WORK}/two.json RESULT_VARIABLE status
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "mpirun -np 2 build failed: ${status}\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/one.json ${WORK}/two.json RESULT_VARIABLE differ)
if(NOT differ EQUAL 0)
  message(FATAL_ERROR "the 2-rank table differs from the single-process one")
endif()
# Each rank built its half: the build's stderr names both shards.
if(NOT err MATCHES "shard 1/2: [0-9]+ entries" OR NOT err MATCHES "shard 2/2: [0-9]+ entries")
  message(FATAL_ERROR "the ranks did not split the rows:\n${err}")
endif()
file(GLOB parts ${WORK}/two.json.*)
if(parts)
  message(FATAL_ERROR "rank parts left behind: ${parts}")
endif()
string(REGEX MATCHALL "wrote " written "${out}")
list(LENGTH written reports)
if(NOT reports EQUAL 1)
  message(FATAL_ERROR "expected one report (rank 0), got ${reports}:\n${out}")
endif()

execute_process(COMMAND ${mpi} ${APQ} lut build ${inputs} --out ${WORK}/sharded.json --shard 1/2
                RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_QUIET)
if(status EQUAL 0 OR NOT err MATCHES "mpirun already splits the build")
  message(FATAL_ERROR "--shard under mpirun was not refused: ${status}\n${err}")
endif()
if(EXISTS ${WORK}/sharded.json)
  message(FATAL_ERROR "--shard under mpirun wrote its output")
endif()
