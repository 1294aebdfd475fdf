"""The catalog's named mutators, one mixin per kind of object (composed into `Catalog`)."""
