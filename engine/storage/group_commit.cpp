// Group commit (see group_commit.h): the one instantiation otos uses, compiled once here.
#include "engine/storage/group_commit.h"

#include "engine/storage/store.h"

namespace otos::storage {

template class GroupCommit<NewResponse, InsertResult>;

}  // namespace otos::storage
