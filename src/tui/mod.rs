use crate::store::Store;
use color_eyre::eyre::Result;
pub fn run(_s: Store) -> Result<()> {
    Ok(())
}
