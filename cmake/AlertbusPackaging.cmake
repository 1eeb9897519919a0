# Debian packages (CPack's DEB generator, one package per install component of
# cmake/AlertbusInstall.cmake): in a build directory configured with
# -DCMAKE_INSTALL_PREFIX=/usr, `cpack` (or `cmake --build . --target package`) writes
#   alertbus-broker_VERSION_ARCH.deb     alertbusd, the province table, node.toml.example, unit
#   alertbus-cli_VERSION_ARCH.deb        alertctl, cap-rules.toml, report-header.toml
#   alertbus-dashboard_VERSION_ARCH.deb  alertbus-dashboard, its pages, its example, unit
# Shared-library dependencies come from dpkg-shlibdeps (dpkg-dev); the maintainer scripts and
# conffiles lists are deploy/debian/. tests/package/run.sh builds, installs and removes them.

set(CPACK_GENERATOR DEB)
# cpack (and `ninja install`) install what is built, without building the whole tree (tests and
# benchmarks) first: tests/package/run.sh builds the three programs, then packs them.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
# The packages carry stripped programs (the build's RelWithDebInfo binaries are ~80 MB each).
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_NAME alertbus)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "alertbus")
set(CPACK_PACKAGE_CONTACT "alertbus maintainers <alertbus@localhost>")
set(CPACK_PACKAGE_FILE_NAME alertbus-${PROJECT_VERSION})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL broker cli dashboard)
# Installed by `cmake --install` without a component name only, never packaged.
set(CPACK_COMPONENTS_GROUPING IGNORE)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
# Maintainer scripts keep their modes (0755) and the control files 0644, as dpkg expects.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(debian ${PROJECT_SOURCE_DIR}/deploy/debian)
set(service_scripts ${debian}/postinst ${debian}/prerm ${debian}/postrm)

set(CPACK_DEBIAN_BROKER_PACKAGE_NAME alertbus-broker)
set(CPACK_DEBIAN_BROKER_DESCRIPTION
  "alertbus: máy chủ cảnh báo liên tỉnh (inter-province alert broker)
 alertbusd, the broker of one province node: stores and signs the province's alerts in an
 append-only hash-chained log, exchanges them with the neighbouring provinces' nodes and
 keeps the case file. Runs as alertbusd@NODE.service, configured by /etc/alertbus/NODE.toml.")
set(CPACK_DEBIAN_BROKER_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_BROKER_PACKAGE_CONTROL_EXTRA ${service_scripts} ${debian}/broker/conffiles)

set(CPACK_DEBIAN_CLI_PACKAGE_NAME alertbus-cli)
set(CPACK_DEBIAN_CLI_DESCRIPTION
  "alertbus: công cụ dòng lệnh alertctl (command-line client)
 alertctl: post, follow and answer alerts, query cases, write reports (PDF, XLSX), import and
 export CAP 1.2, manage keys and audit a node's database.")
set(CPACK_DEBIAN_CLI_PACKAGE_SUGGESTS "alertbus-broker")
set(CPACK_DEBIAN_CLI_PACKAGE_CONTROL_EXTRA ${debian}/cli/conffiles)

set(CPACK_DEBIAN_DASHBOARD_PACKAGE_NAME alertbus-dashboard)
set(CPACK_DEBIAN_DASHBOARD_DESCRIPTION
  "alertbus: bảng điều khiển cho cán bộ (officers' web dashboard)
 alertbus-dashboard, the officers' web screen of one province node. Runs as
 alertbus-dashboard@NODE.service beside the node's broker, configured by
 /etc/alertbus/dashboard-NODE.toml.")
# Beside its node's broker: the same user, /run/alertbus's sockets, the province table.
set(CPACK_DEBIAN_DASHBOARD_PACKAGE_DEPENDS "adduser, alertbus-broker (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_DASHBOARD_PACKAGE_CONTROL_EXTRA ${service_scripts} ${debian}/dashboard/conffiles)

include(CPack)
