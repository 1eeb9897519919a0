# `cmake --install`: where everything goes, in FHS places (GNUInstallDirs), each file in the
# component of the Debian package that carries it (cmake/AlertbusPackaging.cmake):
#   broker     alertbusd, the province table, the broker's example configuration, its unit
#   cli        alertctl, the CAP import rules and the report header (configuration)
#   dashboard  alertbus-dashboard, its pages, its example configuration, its unit
# With CMAKE_INSTALL_PREFIX=/usr (the packages) configuration goes to /etc/alertbus and units
# to /usr/lib/systemd/system; with another prefix to PREFIX/etc/alertbus and
# PREFIX/lib/systemd/system.
#
# The three programs go to bin, daemons included: the units name /usr/bin/..., the operators
# run `alertbus-dashboard account ...` and `alertbusd --help` without root (sbin is not on a
# Debian user's PATH), and a local run starts them as any user.

set(ALERTBUS_CONFIG_DIR ${CMAKE_INSTALL_FULL_SYSCONFDIR}/alertbus)
set(ALERTBUS_DATA_DIR ${CMAKE_INSTALL_DATADIR}/alertbus)
# Not CMAKE_INSTALL_LIBDIR (lib/x86_64-linux-gnu on Debian): systemd reads /usr/lib/systemd.
set(ALERTBUS_UNIT_DIR lib/systemd/system)

install(TARGETS alertbusd RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT broker)
install(TARGETS alertctl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
install(TARGETS alertbus-dashboard RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  COMPONENT dashboard)

# Data read at run time: areas are data, not code (the broker config names the file); NOTICE
# says where the table comes from.
install(FILES deploy/areas/provinces.csv deploy/areas/NOTICE
  DESTINATION ${ALERTBUS_DATA_DIR}/areas COMPONENT broker)
# The dashboard's pages (ALERTBUS_DEFAULT_WEB_ROOT, dashboard/server/CMakeLists.txt), with the
# vendored libraries' LICENSE files and the map data's README (its attribution).
install(DIRECTORY dashboard/web/ DESTINATION ${ALERTBUS_DATA_DIR}/dashboard/web
  COMPONENT dashboard
  PATTERN "update.sh" EXCLUDE
  PATTERN "*.py" EXCLUDE)

# Configuration (conffiles in the packages): examples to copy to NODE.toml and
# dashboard-NODE.toml (the names the units read), the CAP import rules and the report header
# that alertctl is pointed at.
install(FILES deploy/etc/node.toml.example DESTINATION ${ALERTBUS_CONFIG_DIR} COMPONENT broker)
install(FILES deploy/etc/dashboard-node.toml.example DESTINATION ${ALERTBUS_CONFIG_DIR}
  COMPONENT dashboard)
install(FILES deploy/cap-rules.toml deploy/report-header.toml DESTINATION ${ALERTBUS_CONFIG_DIR}
  COMPONENT cli)

# The example Prometheus alerting rules (docs/OPERATIONS.md, "Alerting rules").
install(FILES deploy/prometheus/alertbus-rules.yml
  DESTINATION ${ALERTBUS_DATA_DIR}/prometheus COMPONENT broker)

install(FILES deploy/systemd/alertbusd@.service DESTINATION ${ALERTBUS_UNIT_DIR}
  COMPONENT broker)
install(FILES deploy/systemd/alertbus-dashboard@.service DESTINATION ${ALERTBUS_UNIT_DIR}
  COMPONENT dashboard)

# Manual pages, English and Vietnamese (man/; man -L vi alertbusd).
foreach(page IN ITEMS alertbusd.8:broker alertctl.1:cli alertbus-dashboard.8:dashboard)
  string(REPLACE ":" ";" parts ${page})
  list(GET parts 0 file)
  list(GET parts 1 component)
  string(REGEX REPLACE ".*\\." "" section ${file})
  install(FILES man/man${section}/${file} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section}
    COMPONENT ${component})
  install(FILES man/vi/man${section}/${file} DESTINATION ${CMAKE_INSTALL_MANDIR}/vi/man${section}
    COMPONENT ${component})
endforeach()

# The packages' copyright statement (Debian policy 12.5).
foreach(component IN ITEMS broker cli dashboard)
  install(FILES deploy/debian/copyright
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/alertbus-${component} COMPONENT ${component})
endforeach()
