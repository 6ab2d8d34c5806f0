// Seed 000's HelloWorld envelope and what the service reads from it.
#include "iis-sim/handlers/soap_web_service.h"

#include <gtest/gtest.h>

namespace iissim {
namespace {

constexpr const char* kSeedEnvelope =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope "
    "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soap:Body><HelloWorld "
    "xmlns=\"http://tempuri.org/\"><name>abc</name></HelloWorld></soap:Body></soap:Envelope>";

TEST(SoapWebService, ReadsTheNameFromSeed000Envelope) {
  EXPECT_EQ(helloWorldName(kSeedEnvelope), "abc");
}

TEST(SoapWebService, DecodesEntitiesAndPrefixes) {
  EXPECT_EQ(helloWorldName("<s:Envelope><s:Body><t:HelloWorld><t:name>a &amp; b&lt;</t:name>"
                           "</t:HelloWorld></s:Body></s:Envelope>"),
            "a & b<");
  EXPECT_EQ(helloWorldName("<Envelope><Body><HelloWorld><name/></HelloWorld></Body></Envelope>"),
            "");
}

TEST(SoapWebService, NoHelloWorldElementIsNotAHelloWorldCall) {
  EXPECT_FALSE(helloWorldName("<Envelope><Body><Other/></Body></Envelope>"));
  EXPECT_FALSE(helloWorldName("<HelloWorld><name>unterminated"));
}

}  // namespace
}  // namespace iissim
