// SHA-256 (FIPS 180-4), for the pack revision hash that every decision
// carries. Not used for security.
#ifndef POVMON_SRC_BASE_SHA256_H_
#define POVMON_SRC_BASE_SHA256_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace povmon {

class Sha256 {
 public:
  Sha256();
  void Update(std::string_view data);
  // Lower-case hex digest. The object is spent afterwards.
  std::string HexDigest();

 private:
  void Block(const unsigned char* p);
  std::uint32_t h_[8];
  unsigned char buffer_[64];
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;
};

}  // namespace povmon

#endif  // POVMON_SRC_BASE_SHA256_H_
