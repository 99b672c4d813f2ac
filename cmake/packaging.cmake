# Debian packages with CPack: `cpack -G DEB --config build/CPackConfig.cmake`
# (or `cmake --build build --target package`) writes three .deb files, one
# per install component, all installable at once on Debian 12 with
#   apt install ./povmon_*.deb
#
#   povmon_<version>_libpovmon<major>_<arch>.deb  package libpovmon<major>: the C ABI,
#       libpovmon.so.<major> (what C, Python and Java callers load)
#   povmon_<version>_libpovmon-dev_<arch>.deb     package libpovmon-dev: headers (C ABI and
#       C++ API), libpovmon.a, the libpovmon.so link, povmon.pc, the CMake package, the .proto files
#   povmon_<version>_povmon_<arch>.deb            package povmon: the povmon command and the
#       shipped packs (/usr/share/povmon/policies)
#
# The run-time dependencies (protobuf, Abseil, libstdc++) are read from the
# binaries by dpkg-shlibdeps; -dev adds the -dev packages its CMake file and
# the C++ API need. tests/install/deb_test.sh checks the packages (CTest
# povmon_deb_packages).
# cpack installs what the build made; it does not build everything first (the
# tests and benchmarks are not packaged), so the package test takes seconds.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME povmon)
set(CPACK_PACKAGE_VENDOR "povmon")
set(CPACK_PACKAGE_CONTACT "povmon maintainers <povmon@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY ${PROJECT_DESCRIPTION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL lib dev cli)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_RELEASE "")
if(NOT CPACK_DEBIAN_PACKAGE_ARCHITECTURE)
  execute_process(COMMAND dpkg --print-architecture
    OUTPUT_VARIABLE CPACK_DEBIAN_PACKAGE_ARCHITECTURE OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_QUIET)
  if(NOT CPACK_DEBIAN_PACKAGE_ARCHITECTURE)
    set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
  endif()
endif()
set(_povmon_deb_prefix "povmon_${PROJECT_VERSION}")
set(_povmon_deb_arch "${CPACK_DEBIAN_PACKAGE_ARCHITECTURE}")

set(CPACK_COMPONENT_LIB_DISPLAY_NAME "povmon C ABI library")
set(CPACK_COMPONENT_LIB_DESCRIPTION
  "The C ABI of povmon (libpovmon.so.${PROJECT_VERSION_MAJOR}), which C, Python (ctypes) and Java (JNA) programs load to decide households with a policy pack.")
set(CPACK_DEBIAN_LIB_PACKAGE_NAME "libpovmon${PROJECT_VERSION_MAJOR}")
set(CPACK_DEBIAN_LIB_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_LIB_FILE_NAME
  "${_povmon_deb_prefix}_libpovmon${PROJECT_VERSION_MAJOR}_${_povmon_deb_arch}.deb")

set(CPACK_COMPONENT_DEV_DISPLAY_NAME "povmon development files")
set(CPACK_COMPONENT_DEV_DESCRIPTION
  "Headers of the C ABI (<povmon/povmon.h>) and of the C++ API, the static library libpovmon.a, the libpovmon.so link, povmon.pc for pkg-config, the CMake package (find_package(povmon)) and the povmon.v1 .proto schema.")
set(CPACK_COMPONENT_DEV_DEPENDS lib)
set(CPACK_DEBIAN_DEV_PACKAGE_NAME "libpovmon-dev")
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libprotobuf-dev, libabsl-dev, libopencc-dev, libsimdjson-dev")
set(CPACK_DEBIAN_DEV_FILE_NAME "${_povmon_deb_prefix}_libpovmon-dev_${_povmon_deb_arch}.deb")

set(CPACK_COMPONENT_CLI_DISPLAY_NAME "povmon command")
set(CPACK_COMPONENT_CLI_DESCRIPTION
  "The povmon command (check, test, eval, notice, whatif...) and the shipped policy packs in /usr/share/povmon/policies.")
set(CPACK_DEBIAN_CLI_PACKAGE_NAME "povmon")
set(CPACK_DEBIAN_CLI_FILE_NAME "${_povmon_deb_prefix}_povmon_${_povmon_deb_arch}.deb")

include(CPack)
