# Runs EXE with the ;-list ARGS and writes its standard output to OUT (build-time generation of the
# man page and the bash completion from the CLI's own help texts, without a shell).
execute_process(COMMAND ${EXE} ${ARGS} OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUT})
  message(FATAL_ERROR "${EXE} ${ARGS} failed (${rc})")
endif()
