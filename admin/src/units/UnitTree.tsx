import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Box, Card, Chip, IconButton, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import { CreateButton, EditButton, type RaRecord, Title, TopToolbar, useGetList, useTranslate } from 'react-admin';

interface Unit extends RaRecord {
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  path: string;
  active: boolean;
}

function Node({ unit, kids, depth }: { unit: Unit; kids: Map<number | null, Unit[]>; depth: number }) {
  const translate = useTranslate();
  const children = kids.get(unit.id as number) ?? [];
  const [open, setOpen] = useState(depth < 1);
  return (
    <>
      <Box
        data-testid={`unit-${unit.code}`}
        sx={{ display: 'flex', alignItems: 'center', pl: depth * 3, py: 0.25, '&:hover': { bgcolor: 'action.hover' } }}
      >
        <IconButton size="small" disabled={!children.length} onClick={() => setOpen(!open)} aria-label={unit.name}>
          {children.length ? open ? <ExpandMoreIcon /> : <ChevronRightIcon /> : <Box sx={{ width: 24 }} />}
        </IconButton>
        <Typography sx={{ flex: 1, opacity: unit.active ? 1 : 0.5 }}>
          {unit.name}{' '}
          <Typography component="span" color="text.secondary" variant="body2">
            {unit.code}
          </Typography>
        </Typography>
        <Chip size="small" variant="outlined" label={translate(`enums.unitKind.${unit.kind}`)} sx={{ mr: 1 }} />
        <EditButton record={unit} resource="units" />
      </Box>
      {open && children.map((c) => <Node key={c.id} unit={c} kids={kids} depth={depth + 1} />)}
    </>
  );
}

/** The organisation as a tree (centre → departments / districts → streets → communities). */
export function UnitTree() {
  const translate = useTranslate();
  const { data, isPending } = useGetList<Unit>('units', {
    pagination: { page: 1, perPage: 500 },
    sort: { field: 'path', order: 'ASC' },
  });
  const kids = useMemo(() => {
    const m = new Map<number | null, Unit[]>();
    for (const u of data ?? []) {
      const list = m.get(u.parentId) ?? [];
      list.push(u);
      m.set(u.parentId, list);
    }
    return m;
  }, [data]);
  const ids = new Set((data ?? []).map((u) => u.id));
  const roots = (data ?? []).filter((u) => u.parentId === null || !ids.has(u.parentId));
  return (
    <Box>
      <Title title={translate('resources.units.name', { smart_count: 2 })} />
      <TopToolbar>
        <CreateButton resource="units" />
      </TopToolbar>
      <Card sx={{ p: 1 }} data-testid="unit-tree">
        {isPending && <Typography>{translate('ra.page.loading')}</Typography>}
        {roots.map((u) => (
          <Node key={u.id} unit={u} kids={kids} depth={0} />
        ))}
      </Card>
    </Box>
  );
}
