// Queries over the log: by event id, by reference, or by filter with stable paging.
//
// A page token is "p1.<seq>": the next page starts after that seq, so pages stay stable
// while new events arrive (they only ever append). A filter query scans at most
// kMaxScannedRows rows per request; a page may hold fewer events than asked for together
// with a next_page_token, and an empty token means the end.
//
// Threading: the thread that owns `reader` (the read worker, query/read_worker.hpp).
#pragma once

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/areas.hpp"
#include "store/store.hpp"

namespace alertbus::broker {

// `areas`: the province table, if any (EventFilter::from_proto).
StatusOr<v1::QueryResult> run_query(Store& reader, const v1::Query& query,
                                    const protocol::AreaTable* areas = nullptr);

}  // namespace alertbus::broker
