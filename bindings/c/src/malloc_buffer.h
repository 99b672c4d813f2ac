// A growing malloc'd byte buffer that is handed to the caller as it is (no
// final copy), released with povmon_free: batch output is built in place,
// held once, and not kept after the call.
#ifndef POVMON_BINDINGS_C_SRC_MALLOC_BUFFER_H_
#define POVMON_BINDINGS_C_SRC_MALLOC_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>

namespace povmon::capi {

class MallocBuffer {
 public:
  MallocBuffer() = default;
  ~MallocBuffer() { std::free(data_); }
  MallocBuffer(const MallocBuffer&) = delete;
  MallocBuffer& operator=(const MallocBuffer&) = delete;

  // Throws std::bad_alloc when the buffer cannot grow.
  void Append(std::string_view bytes) {
    Reserve(bytes.size());
    if (!bytes.empty()) std::memcpy(data_ + size_, bytes.data(), bytes.size());
    size_ += bytes.size();
  }
  void Push(char c) {
    Reserve(1);
    data_[size_++] = c;
  }
  void AppendVarint(std::uint64_t value) {
    while (value >= 0x80) {
      Push(static_cast<char>((value & 0x7F) | 0x80));
      value >>= 7;
    }
    Push(static_cast<char>(value));
  }
  std::size_t size() const { return size_; }
  void clear() { size_ = 0; }

  // The bytes, kept by the buffer (never NULL, even when empty); valid
  // until the buffer next grows, is released or is destroyed.
  const char* View() {
    Reserve(0);
    return data_;
  }

  // The bytes with a terminating NUL (not counted), for the caller to
  // free; the buffer is empty afterwards.
  char* Release(std::size_t* size) {
    Reserve(1);
    data_[size_] = '\0';
    char* out = data_;
    *size = size_;
    data_ = nullptr;
    size_ = capacity_ = 0;
    return out;
  }

 private:
  void Reserve(std::size_t more) {
    // One byte always spare for the final NUL.
    if (capacity_ - size_ > more) return;
    std::size_t want = size_ + more + 1;
    std::size_t grown = capacity_ < 4096 ? 4096 : capacity_ + capacity_ / 2;
    if (grown < want) grown = want;
    // Large blocks are mmap'd by glibc, so realloc moves them with mremap
    // rather than copying: the output is never held twice.
    auto* bigger = static_cast<char*>(std::realloc(data_, grown));
    if (bigger == nullptr) throw std::bad_alloc();
    data_ = bigger;
    capacity_ = grown;
  }

  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace povmon::capi

#endif  // POVMON_BINDINGS_C_SRC_MALLOC_BUFFER_H_
