// One-line summaries of an event's typed body or follow-up details, for officers.
//
// Threading: pure function.
#pragma once

#include <string>

#include "alertbus/v1/event.pb.h"

#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

// E.g. "Dịch tả lợn châu Phi, đã xác nhận; 1 ổ dịch; 15 mắc bệnh, 8 chết, 0 tiêu hủy".
// Empty when the event has no body.
std::string body_summary(const v1::Event& event, Language language);

// A number with at most `decimals` decimals (two for summaries) and no trailing zeros, with
// the decimal comma in Vietnamese: 12, 0,5 (vi) / 0.5 (en).
std::string format_number(double value, Language language, int decimals = 2);

}  // namespace alertbus::alertctl
