#include "xorscape/io/h5_file.hpp"

#include <algorithm>

namespace xorscape::io {
namespace {

constexpr int kDeflateLevel = 4;
constexpr hsize_t kMaxChunkElements = 1 << 16;

H5::StrType utf8_string_type() {
  H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
  t.setCset(H5T_CSET_UTF8);
  return t;
}

void describe(H5::DataSet& ds, const DatasetSpec& spec) {
  write_attr(ds, "description", spec.description);
  write_attr(ds, "axes", spec.axes);
  if (spec.task_axes > 0) write_attr(ds, "task_axes", std::int64_t{spec.task_axes});
  if (spec.rows_per_task > 1)
    write_attr(ds, "rows_per_task", static_cast<std::int64_t>(spec.rows_per_task));
}

std::vector<hsize_t> chunk_dims(const DatasetSpec& spec) {
  std::vector<hsize_t> chunk = spec.dims;
  for (auto& c : chunk) c = std::max<hsize_t>(c, 1);
  for (int a = 0; a < spec.task_axes; ++a) chunk[a] = 1;
  if (spec.task_axes == 1)
    chunk[0] = std::max<hsize_t>(1, std::min(spec.rows_per_task, spec.dims[0]));
  // Trim the outermost axes until a chunk is of a sensible size.
  for (std::size_t a = 0; a < chunk.size(); ++a) {
    hsize_t n = 1;
    for (auto c : chunk) n *= c;
    if (n <= kMaxChunkElements) break;
    chunk[a] = std::max<hsize_t>(1, chunk[a] / ((n + kMaxChunkElements - 1) / kMaxChunkElements));
  }
  return chunk;
}

// Elements of one task's slab (everything but the task axes).
hsize_t slab_elements(const DatasetSpec& spec) {
  hsize_t n = 1;
  for (std::size_t a = spec.task_axes; a < spec.dims.size(); ++a) n *= spec.dims[a];
  return n;
}

// Per-task records are chunked and compressed, a chunk per task. Per-task scalars (a slab of
// fewer than kContiguousBelow elements) are stored contiguously: as chunks they would either be
// one tiny chunk per task or be rewritten (decompressed and compressed again) for every task.
constexpr hsize_t kContiguousBelow = 64;

H5::DSetCreatPropList creation_properties(const DatasetSpec& spec) {
  H5::DSetCreatPropList plist;
  const bool empty = std::find(spec.dims.begin(), spec.dims.end(), hsize_t{0}) != spec.dims.end();
  // An empty table cannot be chunked: HDF5 wants chunks no larger than a fixed extent.
  if (spec.dims.empty() || empty || (spec.task_axes > 0 && slab_elements(spec) < kContiguousBelow))
    return plist;
  const auto chunk = chunk_dims(spec);
  plist.setChunk(static_cast<int>(chunk.size()), chunk.data());
  plist.setDeflate(kDeflateLevel);
  return plist;
}

}  // namespace

template <>
const H5::PredType& h5_type<double>() {
  return H5::PredType::NATIVE_DOUBLE;
}
template <>
const H5::PredType& h5_type<std::int64_t>() {
  return H5::PredType::NATIVE_INT64;
}
template <>
const H5::PredType& h5_type<std::uint64_t>() {
  return H5::PredType::NATIVE_UINT64;
}
template <>
const H5::PredType& h5_type<std::int32_t>() {
  return H5::PredType::NATIVE_INT32;
}
template <>
const H5::PredType& h5_type<std::uint8_t>() {
  return H5::PredType::NATIVE_UINT8;
}

void write_attr(H5::H5Object& obj, const std::string& name, const std::string& value) {
  if (obj.attrExists(name)) obj.removeAttr(name);
  const auto type = utf8_string_type();
  obj.createAttribute(name, type, H5::DataSpace(H5S_SCALAR)).write(type, value);
}

void write_attr(H5::H5Object& obj, const std::string& name, double value) {
  if (obj.attrExists(name)) obj.removeAttr(name);
  obj.createAttribute(name, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(H5S_SCALAR))
      .write(H5::PredType::NATIVE_DOUBLE, &value);
}

void write_attr(H5::H5Object& obj, const std::string& name, std::int64_t value) {
  if (obj.attrExists(name)) obj.removeAttr(name);
  obj.createAttribute(name, H5::PredType::NATIVE_INT64, H5::DataSpace(H5S_SCALAR))
      .write(H5::PredType::NATIVE_INT64, &value);
}

bool has_attr(const H5::H5Object& obj, const std::string& name) {
  return obj.attrExists(name);
}

std::string read_string_attr(const H5::H5Object& obj, const std::string& name) {
  const H5::Attribute attr = obj.openAttribute(name);
  std::string value;
  attr.read(attr.getStrType(), value);
  return value;
}

double read_double_attr(const H5::H5Object& obj, const std::string& name) {
  double value = 0;
  obj.openAttribute(name).read(H5::PredType::NATIVE_DOUBLE, &value);
  return value;
}

std::int64_t read_int_attr(const H5::H5Object& obj, const std::string& name) {
  std::int64_t value = 0;
  obj.openAttribute(name).read(H5::PredType::NATIVE_INT64, &value);
  return value;
}

template <typename T>
H5::DataSet create_dataset(H5::Group& group, const DatasetSpec& spec, T fill) {
  auto plist = creation_properties(spec);
  plist.setFillValue(h5_type<T>(), &fill);
  H5::DataSet ds = group.createDataSet(
      spec.name, h5_type<T>(), H5::DataSpace(static_cast<int>(spec.dims.size()), spec.dims.data()),
      plist);
  describe(ds, spec);
  return ds;
}

template <typename T>
void write_dataset(H5::Group& group, const DatasetSpec& spec, const std::vector<T>& data) {
  H5::DataSet ds = create_dataset<T>(group, spec, T{});
  if (!data.empty()) ds.write(data.data(), h5_type<T>());
}

void write_strings(H5::Group& group, const DatasetSpec& spec, const std::vector<std::string>& s) {
  std::vector<const char*> ptrs;
  for (const auto& x : s) ptrs.push_back(x.c_str());
  const hsize_t n = s.size();
  H5::DataSet ds = group.createDataSet(spec.name, utf8_string_type(), H5::DataSpace(1, &n));
  if (!ptrs.empty()) ds.write(ptrs.data(), utf8_string_type());
  describe(ds, spec);
}

std::vector<hsize_t> dims_of(const H5::DataSet& ds) {
  const H5::DataSpace space = ds.getSpace();
  std::vector<hsize_t> dims(space.getSimpleExtentNdims());
  space.getSimpleExtentDims(dims.data());
  return dims;
}

hsize_t task_rows(const H5::DataSet& ds) {
  return has_attr(ds, "rows_per_task") ? static_cast<hsize_t>(read_int_attr(ds, "rows_per_task"))
                                       : 1;
}

std::uint64_t task_slab_count(const H5::DataSet& ds, int task_axes) {
  const auto dims = dims_of(ds);
  std::uint64_t tasks = 1;
  for (int a = 0; a < task_axes; ++a) tasks *= dims[a];
  const hsize_t rows = task_axes == 1 ? task_rows(ds) : 1;
  return (tasks + rows - 1) / rows;
}

hsize_t select_task_slab(const H5::DataSet& ds, int task_axes, std::uint64_t flat_task,
                         H5::DataSpace& file_space, H5::DataSpace& mem_space) {
  const auto dims = dims_of(ds);
  std::vector<hsize_t> offset(dims.size(), 0), count = dims;
  if (task_axes == 1) {
    const hsize_t rows = task_rows(ds);
    offset[0] = flat_task * rows;
    count[0] = std::min(rows, dims[0] - offset[0]);
  } else {
    std::uint64_t rest = flat_task;
    for (int a = task_axes - 1; a >= 0; --a) {
      offset[a] = rest % dims[a];
      rest /= dims[a];
      count[a] = 1;
    }
  }
  file_space = ds.getSpace();
  file_space.selectHyperslab(H5S_SELECT_SET, count.data(), offset.data());
  mem_space = H5::DataSpace(static_cast<int>(count.size()), count.data());
  hsize_t n = 1;
  for (auto c : count) n *= c;
  return n;
}

template <typename T>
void write_task_slab(H5::DataSet& ds, int task_axes, std::uint64_t flat_task, const T* data) {
  H5::DataSpace file_space, mem_space;
  select_task_slab(ds, task_axes, flat_task, file_space, mem_space);
  ds.write(data, h5_type<T>(), mem_space, file_space);
}

template <typename T>
std::vector<T> read_all(const H5::DataSet& ds) {
  hsize_t n = 1;
  for (auto d : dims_of(ds)) n *= d;
  std::vector<T> out(n);
  if (n) ds.read(out.data(), h5_type<T>());
  return out;
}

std::vector<std::string> read_strings(const H5::DataSet& ds) {
  const auto dims = dims_of(ds);
  const hsize_t n = dims.empty() ? 1 : dims[0];
  std::vector<char*> ptrs(n, nullptr);
  const auto type = utf8_string_type();
  ds.read(ptrs.data(), type);
  std::vector<std::string> out;
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  H5::DataSet::vlenReclaim(ptrs.data(), type, ds.getSpace());
  return out;
}

#define XORSCAPE_INSTANTIATE(T)                                                          \
  template H5::DataSet create_dataset<T>(H5::Group&, const DatasetSpec&, T);             \
  template void write_dataset<T>(H5::Group&, const DatasetSpec&, const std::vector<T>&); \
  template void write_task_slab<T>(H5::DataSet&, int, std::uint64_t, const T*);          \
  template std::vector<T> read_all<T>(const H5::DataSet&);
XORSCAPE_INSTANTIATE(double)
XORSCAPE_INSTANTIATE(std::int64_t)
XORSCAPE_INSTANTIATE(std::uint64_t)
XORSCAPE_INSTANTIATE(std::int32_t)
XORSCAPE_INSTANTIATE(std::uint8_t)
#undef XORSCAPE_INSTANTIATE

}  // namespace xorscape::io
