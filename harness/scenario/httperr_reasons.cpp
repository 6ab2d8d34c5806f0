#include "scenario/httperr_reasons.h"

namespace authreplay::scenario {

const std::vector<std::string>& httpErrReasons() {
  static const std::vector<std::string> reasons = {
      "AppOffline",
      "AppPoolTimer",
      "AppShutdown",
      "BadRequest",
      "Client_Reset",
      "Connection_Abandoned_By_AppPool",
      "Connection_Abandoned_By_ReqQueue",
      "Connection_Dropped",
      "Connection_Dropped_List_Full",
      "ConnLimit",
      "Connections_Refused",
      "Disabled",
      "EntityTooLarge",
      "FieldLength",
      "Forbidden",
      "Header",
      "Hostname",
      "Internal",
      "Invalid_CR/LF",
      "LengthRequired",
      "N/A",
      "N/I",
      "Number",
      "Precondition",
      "QueueFull",
      "RequestLength",
      "Timer_AppPool",
      "Timer_ConnectionIdle",
      "Timer_EntityBody",
      "Timer_HeaderWait",
      "Timer_MinBytesPerSecond",
      "Timer_ReqQueue",
      "Timer_Response",
      "Timer_SslRenegotiation",
      "URL",
      "URL_Length",
      "Verb",
      "Version_N/S",
  };
  return reasons;
}

}  // namespace authreplay::scenario
