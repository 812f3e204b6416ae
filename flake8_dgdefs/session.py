"""The use case both adapters share: lint one file of a project, building each map once.

A Session remembers, for the life of the process, the project of each folder and the map
of each project, so that flake8 (one checker per file) scans the project once per process.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Collection, Iterator, Mapping, MutableMapping

from flake8_dgdefs import cache as scan_cache
from flake8_dgdefs import cache_folder
from flake8_dgdefs import discovery, scanning
from flake8_dgdefs.cache import CacheSettings, Stamp
from flake8_dgdefs.discovery import ConfigError, Overrides, Project
from flake8_dgdefs.model import ModuleScan, Violation
from flake8_dgdefs.project_map import ComponentFile, ModuleInfo, Overlay, ProjectMap

if TYPE_CHECKING:  # pragma: no cover
    import ast

    from flake8_dgdefs.loading import LoadModel
    from flake8_dgdefs.loading.focus import Summary
    from flake8_dgdefs.scan.values import Value


#: A folder whose project is not looked up yet.
_UNKNOWN = object()
#: One finding: line, column, message.
Finding = tuple[int, int, str]


@dataclass(frozen=True)
class Seen:
    """A module file as the map saw it: its stamp, and the module it is."""

    stamp: Stamp
    name: str
    is_package: bool


@dataclass(frozen=True)
class Earlier:
    """What a Session built for one project, handed to its successor (`successor`)."""

    map: ProjectMap
    files: dict[str, Seen]  # absolute path -> each module whose entry matched the disk
    model: LoadModel | None  # None: not built


@dataclass
class Session:
    overrides: Overrides = Overrides()
    maps: dict[Project, ProjectMap] = field(default_factory=dict)
    cache: CacheSettings = CacheSettings(enabled=False)  # the plugin turns it on
    #: --dg-require-autoload: report definitions outside defs before the autoloader is called
    require: bool = False
    #: Per project: absolute path -> each module whose map entry certainly matches the disk.
    files: dict[Project, dict[str, Seen]] = field(default_factory=dict)
    #: The maps whose load model is built (and frozen).
    modelled: set[ProjectMap] = field(default_factory=set)
    #: A long-lived process (the server): the disk map's model is built with its steps
    #: recorded, and the model of each buffer replays them (loading.steps).
    incremental: bool = False
    #: What the Session before this one built, per project; taken when this one builds.
    earlier: dict[Project, Earlier] = field(default_factory=dict)
    #: A one-shot run that stores the index: the disk map's model is built with its steps
    #: recorded, to be summed up for focused runs (`summary`, loading.focus).
    summarize: bool = False
    #: The summary of the disk map's model (an incremental Session's, made when first
    #: asked for: `summary_of`), from which each buffer's model is focused.
    summaries: dict[ProjectMap, Summary | None] = field(default_factory=dict)
    #: Per project: the scan cache's data file that holds exactly the disk map's scans.
    scan_files: dict[Project, scan_cache.FileId] = field(default_factory=dict)

    #: Folder -> its files' project, or the error that stopped the search (per process).
    projects: dict[str, Project | ConfigError | None] = field(default_factory=dict)

    def project_for(self, path: str) -> Project | None:
        """The project of a file; None outside any project, or when its project file or an
        option is broken (`config_error` then says why: the plugin reports it once)."""
        found = self.locate(path)
        return found if isinstance(found, Project) else None

    def config_error(self, path: str) -> ConfigError | None:
        """The error that stops the Dagster checks of a file's project, if any."""
        found = self.locate(path)
        return found if isinstance(found, ConfigError) else None

    def locate(self, path: str) -> Project | ConfigError | None:
        """A file's project, or the error that stopped the search (once per folder)."""
        folder = os.path.dirname(os.path.abspath(path))
        found = self.projects.get(folder, _UNKNOWN)
        if found is _UNKNOWN:
            try:
                found = discovery.find_project(path, self.overrides)
            except ConfigError as exc:
                found = exc
            self.projects[folder] = found
        return found  # type: ignore[return-value]

    def projects_of(self, paths: list[str]) -> list[Project]:
        """The projects of flake8's command-line paths: a `.py` file's project, and a
        folder's when the folder lies in a Dagster project."""
        found: list[Project] = []
        for path in paths:
            if path == "-" or not os.path.exists(path):
                continue
            if os.path.isdir(path):
                try:
                    project = discovery.find_project(os.path.join(path, "_.py"), self.overrides)
                except ConfigError:  # reported by the plugin, on one file of the project
                    continue
                if project is None or project.config_file is None:
                    continue
            elif path.endswith(".py"):
                project = self.project_for(path)
            else:
                continue
            if project is not None and project not in found:
                found.append(project)
        return found

    def project_map(self, project: Project) -> ProjectMap:
        """The project's map, with its load model, built once per process.

        Both live until the process ends: once built they are frozen out of the cycle
        collector (`gc.freeze`), so that neither the rules nor flake8's own work pay for
        walking them again at every collection.
        """
        project_map = self._disk_map(project)
        if project_map not in self.modelled:
            # Here: a run that the index answers (a buffer read like a stored one) does
            # not import the model.
            from flake8_dgdefs.loading import model_of

            earlier = self.earlier.pop(project, None)
            with _no_gc(freeze=True):
                model_of(
                    project_map,
                    previous=earlier.model if earlier is not None else None,
                    record=self.incremental or self.summarize,
                )
            self.modelled.add(project_map)
        return project_map

    def _disk_map(self, project: Project) -> ProjectMap:
        """The project's map as the disk has it, built once per process (frozen), without
        its model: a run on an editor's buffer models the buffer's map instead."""
        if project not in self.maps:
            files: dict[str, Seen] = {}
            earlier = self.earlier.get(project)
            scan_file: list[scan_cache.FileId] = []
            project_map = build_map(
                project, self.cache, files, freeze=True, earlier=earlier, scan_file=scan_file
            )
            self.maps[project] = project_map
            self.files[project] = files
            if scan_file:
                self.scan_files[project] = scan_file[0]
        return self.maps[project]

    def summary(self, project: Project) -> tuple[object, ...] | None:
        """What a focused run reads (`focused`), to store beside the index: the summary of
        the disk map's model (when this process built it with its steps recorded), the
        scan cache's data file that holds the map's scans, where each module's scan lies
        in it, and the component files. None when there is no such model."""
        project_map = self.maps.get(project)
        scan_file = self.scan_files.get(project)
        if project_map is None or project_map not in self.modelled or scan_file is None:
            return None
        from flake8_dgdefs.loading import model_of
        from flake8_dgdefs.buckets import Buckets
        from flake8_dgdefs.loading.focus import summarize

        summary = summarize(model_of(project_map))
        table = self._table(project, scan_file)
        if summary is None or table is None:
            return None
        try:
            at = {path: (offset, length) for path, _, _, offset, length in table.modules()}
        except ValueError:
            return None
        finally:
            table.close()
        modules: dict[str, tuple[object, ...]] = {}
        for module in project_map.modules.values():
            where = at.get(module.path)
            if where is None:
                return None
            modules[module.name] = (module.path, module.is_package, *where)
        components = _pack_components(project_map.component_files)
        if components is None:
            return None
        return summary.plain(), scan_file, Buckets.pack(modules), components

    def _table(self, project: Project, scan_file: object) -> scan_cache.Table | None:
        """The project's scan cache data file, open, when it is `scan_file`."""
        if not self.cache.enabled:
            return None
        store = scan_cache.ScanCache(self.cache, project.directory, _cache_options(project))
        table = store.table()
        if table is not None and table.file_id != scan_file:
            table.close()
            return None
        return table

    def focused(self, path: str, tree: ast.AST, stored: object) -> list[Violation]:
        """The violations of one file's buffer, from what a run stored of the disk map's
        model (`summary`, for the tree as it is now): the model walks only what the buffer
        may change (loading.focus), reading the scans it needs one by one; nothing else is
        read from the disk (the findings hold for the tree the summary was made of). Raises
        Unfocused when the summary cannot tell, ValueError when what is stored is not
        good."""
        from flake8_dgdefs.buckets import Buckets
        from flake8_dgdefs.loading.focus import Summary, Unfocused

        if not isinstance(stored, tuple) or len(stored) != 4:
            raise ValueError("not a stored summary")
        summary = Summary.from_plain(stored[0])
        scan_file, where, folders = stored[1:]
        if summary is None or not isinstance(where, tuple):
            raise ValueError("not a stored summary")
        components = _unpack_components(folders)
        project = self.project_for(path)
        located = discovery.module_name(project, path) if project is not None else None
        if project is None or located is None:
            raise Unfocused("not a module of a project")
        table = self._table(project, scan_file)
        if table is None:
            raise Unfocused("the scan cache changed")
        try:
            disk_map = replace(
                ProjectMap.build(
                    project.root_module, project.defs_module, (),
                    project.defs_module_pinned,
                    components, project.target_module,
                ),
                modules=StoredModules(Buckets(where), table),
            )
            name, is_package = located
            edited = _with_buffer(project, disk_map, path, name, is_package, tree, (name,))
            return self._focus(project, disk_map, edited, summary, path, located)
        finally:
            table.close()

    def summary_of(self, project: Project) -> Summary | None:
        """The summary of the disk map's model, kept with the map (an incremental
        Session's: its models record their steps; None otherwise)."""
        if not self.incremental:
            return None
        project_map = self.project_map(project)
        if project_map not in self.summaries:
            from flake8_dgdefs.loading import model_of
            from flake8_dgdefs.loading.focus import summarize

            with _no_gc(freeze=True):
                self.summaries[project_map] = summarize(model_of(project_map))
        return self.summaries[project_map]

    def _focus(
        self,
        project: Project,
        disk_map: ProjectMap,
        edited: ProjectMap,
        summary: Summary,
        path: str,
        located: tuple[str, bool],
    ) -> list[Violation]:
        """The violations of a buffer of `path` (the map `edited`: the disk map with the
        buffer's module settled) from a model focused on it (loading.focus), made with the
        summary of the disk map's model. Raises Unfocused when the summary cannot tell."""
        from flake8_dgdefs.loading.focus import Unfocused, check_focused

        name, is_package = located
        if summary.values is None or name in summary.values:
            raise Unfocused("its constants are given to other modules")
        before = disk_map.modules.get(name)
        if before is None or (before.path, before.is_package) != (
            _relative(project, path), is_package
        ):
            raise Unfocused("a new module")
        return check_focused(edited, summary, name, before, self.require)

    def successor(self) -> Session:
        """A Session with the same options, for the tree as it is now (the server's, after
        a change on disk). It takes from this one only what spares work and cannot change
        what it finds: the modules whose file has the stamp seen then (their scans need
        not be read again), and the models' steps (those that read nothing changed
        replay)."""
        earlier: dict[Project, Earlier] = {}
        for project, project_map in self.maps.items():
            model = None
            if project_map in self.modelled:
                from flake8_dgdefs.loading import model_of

                model = model_of(project_map)
            earlier[project] = Earlier(project_map, self.files.get(project, {}), model)
        return Session(
            self.overrides, cache=self.cache, require=self.require,
            incremental=self.incremental, earlier=earlier,
        )

    def unchanged(self, project: Project, path: str) -> bool:
        """The map's entry of this file (absolute) was made from the file as it is now: its
        scan need not be made again from flake8's tree of it."""
        seen = self.files.get(project, {}).get(path)
        return seen is not None and seen.stamp == cache_folder.stamp(path)

    def lint(
        self, path: str, tree: ast.AST | None = None, from_disk: bool = False
    ) -> list[Violation]:
        """The violations of one file. `tree` is the editor's buffer, which wins over the disk.

        `from_disk`: `tree` was parsed from the file on disk (flake8 without stdin); it is
        then not scanned again when the file is the one the map's entry was made from.
        """
        project = self.project_for(path)
        if project is None:
            return []
        from flake8_dgdefs.checks import check_module

        located = discovery.module_name(project, path)
        if located is None:  # not a module of the project: no map needed
            return []
        name, is_package = located
        disk_map = self._disk_map(project)  # before `unchanged`: it records the stamps
        unchanged = from_disk and self.unchanged(project, os.path.abspath(path))
        if tree is not None and not unchanged:
            buffer_map = _with_buffer(project, disk_map, path, name, is_package, tree)
        else:
            buffer_map = disk_map
        if buffer_map is not disk_map:  # else the buffer reads as the file on disk
            if self.incremental:
                # A long-lived process models the disk once; each buffer's model then
                # walks only what the buffer may change (loading.focus), or else again
                # what it may change (loading.steps).
                from flake8_dgdefs.loading import model_of
                from flake8_dgdefs.loading.focus import Unfocused

                summary = self.summary_of(project)
                if summary is not None:
                    try:
                        return self._focus(
                            project, disk_map, buffer_map, summary, path, located
                        )
                    except Unfocused:
                        pass
                model_of(buffer_map, previous=model_of(self.project_map(project)))
            return check_module(buffer_map, name, self.require)
        return check_module(self.project_map(project), name, self.require)

    def scan_digest(self, path: str, tree: ast.AST) -> bytes | None:
        """A digest of what the scan reads in this text of a module, before the module is
        given any value of another: two texts of a module with the same digest make the
        same model (the other files being the same). None outside a project's package."""
        project = self.project_for(path)
        located = discovery.module_name(project, path) if project is not None else None
        if located is None:
            return None
        from flake8_dgdefs.scan import scan_tree

        return scan_cache.digest(scan_tree(tree, *located))

    def answers(
        self, project: Project, paths: list[str]
    ) -> dict[str, tuple[Stamp, list[Finding]]]:
        """What `lint` gives each file of `paths` (absolute) while it is as the map saw it
        on disk, with the stamp it was seen with. Files the map did not see certainly
        (a stamp too recent to trust) are left out."""
        from flake8_dgdefs.checks import check_module

        project_map = self.project_map(project)
        seen_files = self.files.get(project, {})
        found: dict[str, tuple[Stamp, list[Finding]]] = {}
        for path in paths:
            seen = seen_files.get(path)
            if seen is not None:
                violations = check_module(project_map, seen.name, self.require)
                found[path] = (seen.stamp, [(v.line, v.col, v.message) for v in violations])
        return found


def build_map(
    project: Project,
    cache: CacheSettings = CacheSettings(enabled=False),
    files: dict[str, Seen] | None = None,
    freeze: bool = False,
    earlier: Earlier | None = None,
    scan_file: list[scan_cache.FileId] | None = None,
) -> ProjectMap:
    """Scan every module of a project from disk, reusing the cached scans of unchanged files.

    `files`, when given, receives the absolute path -> stamp and module name of each module
    whose scan certainly matches the file on disk. `freeze`: the map lives as long as the
    process; it is frozen out of the cycle collector (`gc.freeze`) as soon as it is built.
    `earlier`: an earlier build of this project, whose modules are taken as they are where
    the file has the stamp it had then. Such a build neither reads nor writes the cache
    (0.3 s at 20,000 modules): a later run without `earlier` scans again only the files
    that changed. `scan_file`, when given, receives the identity of the cache's data file
    when it holds every module's scan of the map (none is too recent to store).
    """
    # By default the cache lives in a Dagster project's folder; a folder found only by
    # setup.py / .git gets one only where the user points --dg-cache-dir.
    wanted = earlier is None and cache.enabled and (
        cache.directory is not None or project.config_file is not None
    )
    codec = scan_cache.codec() if wanted else None
    if codec is None:
        with _no_gc(freeze) as collect:
            return _build_map(project, None, files, collect, earlier)
    store = scan_cache.ScanCache(cache, project.directory, _cache_options(project))
    with store.lock(), _no_gc(freeze) as collect:
        reuse = scan_cache.Reuse(store.load(), codec)
        project_map = _build_map(project, reuse, files, collect, earlier)
        codec.forget()
        if reuse.changed:
            store.save(reuse.entries)
        if (
            scan_file is not None
            and store.file_id is not None
            and reuse.entries.keys() == {m.path for m in project_map.modules.values()}
        ):
            scan_file.append(store.file_id)
    return project_map


def _build_map(
    project: Project,
    reuse: scan_cache.Reuse | None,
    files: dict[str, Seen] | None,
    collect: bool = False,
    earlier: Earlier | None = None,
) -> ProjectMap:
    """The map, from the stored scans where they match the disk (`reuse`, which also
    receives the entries to store; None: no cache), or the modules of an `earlier` build
    where they match it (then without `reuse`). `collect`: free cyclic garbage now and
    then."""
    started, now = time.perf_counter(), time.time_ns()
    prefix = os.path.join(project.package_dir, "")
    #: (path, stamp, relative path, the stored module or the name of one to scan)
    found: list[tuple[str, Stamp, str, ModuleInfo | tuple[str, bool]]] = []
    jobs: list[scanning.Job] = []  # the modules no stored scan matches
    for path, stamp in discovery.project_files(project):
        relative = (
            path[len(prefix):].replace(os.sep, "/")
            if path.startswith(prefix)
            else _relative(project, path)
        )
        held = _held(earlier, path, stamp)
        if held is not None and held.path == relative:
            found.append((path, stamp, relative, held))
            continue
        stored = reuse.scan(relative, stamp) if reuse is not None else None
        if stored is not None:
            module = ModuleInfo(stored[0], relative, stored[1], stored[2])
            found.append((path, stamp, relative, module))
            continue
        located = discovery.module_name(project, path)
        if located is not None:
            jobs.append((path, *located))
            found.append((path, stamp, relative, located))
    scans = iter(scanning.scan_files(jobs, reuse.codec if reuse is not None else None, collect))
    modules = []
    paths: dict[str, str] = {}  # module name -> its file, to scan it again with values
    for path, stamp, relative, known in found:
        if isinstance(known, ModuleInfo):
            module, scanned_now = known, False
        else:
            module, scanned_now = ModuleInfo(known[0], relative, known[1], next(scans)), True
        paths[module.name] = path
        modules.append(module)
        if scan_cache.is_racy(stamp, now):
            continue
        if files is not None:  # path: absolute and normalised, as find_project made it
            files[path] = Seen(stamp, module.name, module.is_package)
        if reuse is not None and scanned_now:
            reuse.keep(relative, stamp, module.name, module.is_package, module.scan)
    scanned = len(jobs)

    def again(module: ModuleInfo, given: dict[str, Value]) -> ModuleScan:
        scan = scanning.scan_file(paths[module.name], module.name, module.is_package, given)
        stored = reuse.entries.get(module.path) if reuse is not None else None
        if reuse is not None and stored is not None:  # the entry to store follows
            reuse.keep(module.path, (stored[0], stored[1]), module.name, module.is_package, scan)
        return scan

    by_name = {module.name: module for module in modules}
    scanned += _settle(by_name, again)
    _record(project, len(modules), scanned, time.perf_counter() - started)
    return ProjectMap.build(
        project.root_module,
        project.defs_module,
        by_name.values(),
        project.defs_module_pinned,
        discovery.component_folders(project),
        project.target_module,
    )


def _held(earlier: Earlier | None, path: str, stamp: Stamp) -> ModuleInfo | None:
    """The earlier build's module of this file, when the file has the stamp seen then."""
    seen = earlier.files.get(path) if earlier is not None else None
    if earlier is None or seen is None or seen.stamp != stamp:
        return None
    return earlier.map.modules.get(seen.name)


def _settle(
    modules: MutableMapping[str, ModuleInfo],
    again: Callable[[ModuleInfo, dict[str, Value]], ModuleScan],
    only: Collection[str] | None = None,
) -> int:
    """Scan again (`again`), with the values they import, the modules that use other
    modules' constants (`key_prefix=settings.PREFIX`), until every scan was given what the
    project holds now. Returns how many scans that took. `only`: the modules that may be
    unsettled (the others are known to be)."""
    from flake8_dgdefs.loading.resolver import MAX_DEPTH, unsettled

    scans = 0
    for _ in range(MAX_DEPTH):  # a constant built from one built from another...
        todo = unsettled(modules, only)
        if not todo:
            break
        for module, given in todo:
            modules[module.name] = replace(module, scan=again(module, given))
            scans += 1
    return scans


def _with_buffer(
    project: Project,
    project_map: ProjectMap,
    path: str,
    name: str,
    is_package: bool,
    tree: ast.AST,
    only: Collection[str] | None = None,
) -> ProjectMap:
    """The map with one module scanned from the editor's buffer, settled as a build
    settles: the module scanned again with the values it imports, and so are the modules
    that import values from it (from disk), until none is left (MAX_DEPTH rounds).
    `only`: the modules that may need it (known: no other takes values from the buffer)."""
    from flake8_dgdefs.scan import scan_tree

    def again(module: ModuleInfo, given: dict[str, Value]) -> ModuleScan:
        if module.name == name:
            return scan_tree(tree, name, is_package, given)
        disk = os.path.join(project.package_dir, *module.path.split("/"))
        return scanning.scan_file(disk, module.name, module.is_package, given)

    modules: MutableMapping[str, ModuleInfo]
    modules = dict(project_map.modules) if only is None else Overlay(project_map.modules, {})
    modules[name] = ModuleInfo(
        name, _relative(project, path), is_package, scan_tree(tree, name, is_package)
    )
    _settle(modules, again, only)
    changed = modules.over.values() if isinstance(modules, Overlay) else modules.values()
    for module in changed:
        if project_map.modules.get(module.name) is not module:
            project_map = project_map.with_module(module)
    return project_map


def _pack_components(files: Mapping[str, ComponentFile]) -> tuple[object, ...] | None:
    """A map's component files as plain values (None when the model cannot be encoded);
    the codec is built only when there are some."""
    if not files:
        return ()
    codec = scan_cache.codec(ComponentFile)
    if codec is None:
        return None
    return tuple((folder, codec.encode(read)) for folder, read in files.items())


def _unpack_components(stored: object) -> dict[str, ComponentFile]:
    """What `_pack_components` stored; ValueError when it is not that."""
    if not isinstance(stored, tuple):
        raise ValueError("not stored component files")
    if not stored:
        return {}
    codec = scan_cache.codec(ComponentFile)
    if codec is None:
        raise ValueError("component files cannot be decoded")
    return {folder: codec.decode(read) for folder, read in stored}


@contextlib.contextmanager
def _no_gc(freeze: bool = False) -> Iterator[bool]:
    """Pause the automatic cycle collector: a map is a great many small objects, and
    collections that walk them over and over made building grow faster than linearly.
    Yields whether it was on: the builder then frees the young garbage itself (a scan
    can leave its syntax tree in a reference cycle).

    `freeze`: what was built is kept for the process's life: it leaves the collector's
    view (`gc.freeze`) before the collector resumes. Else the first collection after would
    walk all of it (they were all made young: 0.2 s at 20,000 modules)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield enabled
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def _cache_options(project: Project) -> tuple[object, ...]:
    """What, besides the file itself, can change a module's name or scan: the layout."""
    return tuple(sorted(vars(project).items()))


def _record(project: Project, modules: int, scanned: int, seconds: float) -> None:
    """With DGDEFS_STATS=<file>: append one JSON line per map build (benchmark, tests)."""
    target = os.environ.get("DGDEFS_STATS")
    if not target:
        return
    line = json.dumps(
        {
            "pid": os.getpid(),
            "project": project.directory,
            "modules": modules,
            "scanned": scanned,
            "seconds": round(seconds, 6),
        }
    )
    try:
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (line + "\n").encode())
        finally:
            os.close(fd)
    except OSError:
        pass


def _relative(project: Project, path: str) -> str:
    return os.path.relpath(os.path.abspath(path), project.package_dir).replace(os.sep, "/")


class StoredModule(ModuleInfo):
    """A module of a stored map: its scan is read from the scan cache when first asked
    for (a focused run reads a few of 20,000)."""

    @property  # the field, read when first asked for
    def scan(self) -> ModuleScan:
        fields = vars(self)
        found = fields.get("_scan")
        if found is None:
            table, offset, length = fields["_stored"]
            found = fields["_scan"] = table.scan(offset, length)
        return found  # type: ignore[no-any-return]

    @classmethod
    def at(cls, table: scan_cache.Table, path: str, name: str, is_package: bool,
           offset: int, length: int) -> StoredModule:
        module = object.__new__(cls)
        vars(module).update(
            name=name, path=path, is_package=is_package, _stored=(table, offset, length)
        )
        return module


class StoredModules(Mapping[str, ModuleInfo]):
    """The modules of a stored map by name (`where`: name -> path, is_package, and where
    its scan lies in `table`): each made when first asked for."""

    def __init__(self, where: Mapping[str, object], table: scan_cache.Table) -> None:
        self.where = where
        self.table = table
        self._made: dict[str, ModuleInfo] = {}

    def __getitem__(self, name: str) -> ModuleInfo:
        found = self._made.get(name)
        if found is None:
            entry = self.where[name]
            if not isinstance(entry, tuple) or len(entry) != 4:
                raise ValueError("a damaged summary")
            path, is_package, offset, length = entry
            found = self._made[name] = StoredModule.at(
                self.table, path, name, is_package, offset, length
            )
        return found

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.where

    def __iter__(self) -> Iterator[str]:
        return iter(self.where)

    def __len__(self) -> int:
        return len(self.where)
