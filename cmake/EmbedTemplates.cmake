# Embeds every file under templates/ into the heaviside binary, so the tool needs no install paths.
# Produces a static library exposing hv::template_text(name) (see compiler/support/template.hpp).
function(embed_templates target dir)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS RELATIVE ${dir} ${dir}/*)
  list(FILTER files EXCLUDE REGEX "README\\.md$")
  list(SORT files)
  set(abs)
  foreach(f ${files})
    list(APPEND abs ${dir}/${f})
  endforeach()
  set(out ${CMAKE_BINARY_DIR}/generated/templates_embedded.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DDIR=${dir} -DOUT=${out} "-DFILES=${files}"
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedTemplatesScript.cmake
    DEPENDS ${abs} ${CMAKE_SOURCE_DIR}/cmake/EmbedTemplatesScript.cmake
    COMMENT "Embedding templates"
    VERBATIM)
  add_library(${target} STATIC ${out})
  target_include_directories(${target} PUBLIC ${CMAKE_SOURCE_DIR}/compiler)
endfunction()
