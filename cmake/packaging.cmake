# The Debian package: `cpack` in the build tree (after building) writes
# budgetcheck_<version>_<arch>.deb with the two programs in /usr/bin, what
# they read at run time in /usr/share/budgetcheck (rules/, schemas/, and
# samples/, which the rules' test cases name) and the documentation in
# /usr/share/doc/budgetcheck. The installed binary finds its data beside
# itself (engine/cli/installation.hpp). docs/architecture.md says why.
install(TARGETS budgetcheck budgetcheck-serve RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules ${PROJECT_SOURCE_DIR}/schemas ${PROJECT_SOURCE_DIR}/samples
  DESTINATION ${CMAKE_INSTALL_DATADIR}/budgetcheck)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(BUDGETCHECK_PACKAGE_CONTACT "budgetcheck maintainers <budgetcheck@localhost>"
  CACHE STRING "Maintainer field of the .deb: who answers for this build")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME budgetcheck)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${BUDGETCHECK_PACKAGE_CONTACT})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "checks municipal board budget submissions (JSON) against the KF decision")
set(CPACK_PACKAGE_DESCRIPTION "Rule engine for Swedish municipal budget submissions: schema, exact money,
KF policy packs and Lua rules; reports as text, JSON, HTML, SARIF, JUnit,
GitHub annotations and GitLab Code Quality.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)        # budgetcheck_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
# Depends from the binaries' shared libraries (dpkg-shlibdeps, from dpkg-dev),
# never a hand-kept list that drifts from what is linked.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded at run time (dlopen) for .xlsx reports, so dpkg-shlibdeps cannot see
# it; the computed dependencies are added to this one.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libxlsxwriter4")
# The build type keeps debug information; the package does not need it.
set(CPACK_STRIP_FILES ON)
include(CPack)
