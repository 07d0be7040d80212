#pragma once
// Thin helpers over the HDF5 C++ API for the conventions of docs/output_format.md: UTF-8 string
// attributes, datasets with `description` and `axes`, chunked + compressed storage, hyperslab
// writes at a task's index.
#include <H5Cpp.h>

#include <cstdint>
#include <string>
#include <vector>

namespace xorscape::io {

template <typename T>
const H5::PredType& h5_type();

void write_attr(H5::H5Object& obj, const std::string& name, const std::string& value);
void write_attr(H5::H5Object& obj, const std::string& name, double value);
void write_attr(H5::H5Object& obj, const std::string& name, std::int64_t value);
std::string read_string_attr(const H5::H5Object& obj, const std::string& name);
std::int64_t read_int_attr(const H5::H5Object& obj, const std::string& name);
double read_double_attr(const H5::H5Object& obj, const std::string& name);
bool has_attr(const H5::H5Object& obj, const std::string& name);

struct DatasetSpec {
  std::string name;
  std::vector<hsize_t> dims;
  std::string description;
  std::string axes;   // comma-separated axis names, outermost first
  int task_axes = 0;  // leading axes that index tasks (for resume and merge); 0 = none
  // With task_axes = 1: rows of the leading axis per task (the last task may have fewer), so a
  // 2-D grid can be written block of rows by block of rows. Stored as an attribute.
  hsize_t rows_per_task = 1;
};

// Creates a chunked, deflate-compressed dataset filled with `fill`. Chunks hold one task's slab
// when task_axes > 0, so writing one task touches one chunk.
template <typename T>
H5::DataSet create_dataset(H5::Group& group, const DatasetSpec& spec, T fill);

// Writes a whole small dataset in one go.
template <typename T>
void write_dataset(H5::Group& group, const DatasetSpec& spec, const std::vector<T>& data);
void write_strings(H5::Group& group, const DatasetSpec& spec, const std::vector<std::string>& s);

// Writes the slab of one task: the element range [flat_task * slab, (flat_task+1) * slab) of the
// dataset seen as (tasks, slab), where the leading task_axes axes are flattened.
template <typename T>
void write_task_slab(H5::DataSet& ds, int task_axes, std::uint64_t flat_task, const T* data);

// Number of task slabs of a dataset (its task axes' extent, divided into blocks of rows_per_task).
std::uint64_t task_slab_count(const H5::DataSet& ds, int task_axes);

// The file and memory dataspaces of one task's slab; returns the slab's element count.
hsize_t select_task_slab(const H5::DataSet& ds, int task_axes, std::uint64_t flat_task,
                         H5::DataSpace& file_space, H5::DataSpace& mem_space);

template <typename T>
std::vector<T> read_all(const H5::DataSet& ds);
std::vector<std::string> read_strings(const H5::DataSet& ds);
std::vector<hsize_t> dims_of(const H5::DataSet& ds);

}  // namespace xorscape::io
